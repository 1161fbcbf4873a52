package org.fengqiao.bench.jurisdiction;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.jurisdiction.JurisdictionResolver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Jurisdiction resolution on one thread: the gateway's resolver over its own gazetteer, fed
 * addresses the way sources write them, drawn from every township and village of the city: full
 * (province, city, county, township, village, number), county and township only, township and
 * village without the county, a village alone (ambiguous across counties: triage), and addresses in
 * other cities. One operation is one address resolved.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class JurisdictionBenchmark {

    private JurisdictionResolver resolver;
    private String[] addresses;
    private int next;

    @Setup
    public void setUp() throws Exception {
        resolver = new JurisdictionResolver(Gazetteer.loadDefault());
        addresses = corpus(4096, new Random(20261129)).toArray(String[]::new);
    }

    @Benchmark
    public Object resolve() {
        String address = addresses[next];
        next = (next + 1) & (addresses.length - 1);
        return resolver.resolve(address, null, null);
    }

    static List<String> corpus(int size, Random random) throws Exception {
        Map<String, String> names = new HashMap<>();
        Map<String, String> parents = new HashMap<>();
        List<String> villages = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(JurisdictionBenchmark.class.getClassLoader()
                .getResourceAsStream(Gazetteer.GAZETTEER_RESOURCE), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                names.put(f[1], f[3]);
                parents.put(f[1], f[2]);
                if ("VILLAGE".equals(f[0])) {
                    villages.add(f[1]);
                }
            }
        }
        String[] elsewhere = { "杭州市西湖区文三路90号", "宁波市海曙区中山西路2号", "上海市浦东新区张江路100号",
                "浙江省金华市义乌市稠城街道工人北路1号" };
        List<String> corpus = new ArrayList<>(size);
        while (corpus.size() < size) {
            String village = villages.get(random.nextInt(villages.size()));
            String township = parents.get(village);
            String county = parents.get(township);
            String v = names.get(village).replaceAll("(村民委员会|居民委员会|社区居委会|村委会|居委会)$", "");
            String number = (1 + random.nextInt(300)) + "号";
            corpus.add(switch (random.nextInt(10)) {
                case 0, 1 -> "浙江省绍兴市" + names.get(county) + names.get(township) + v + number;
                case 2, 3, 4 -> names.get(county) + names.get(township) + v + number;
                case 5, 6 -> names.get(township) + v + number;
                case 7 -> names.get(county) + names.get(township) + "人民路" + number;
                case 8 -> v + number;
                default -> elsewhere[random.nextInt(elsewhere.length)];
            });
        }
        return corpus;
    }
}

package org.fengqiao.gateway.jurisdiction.standard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;

/**
 * A standard address file: CSV or TSV (a tab in the header line makes it TSV) in UTF-8, a header line
 * naming the columns, one address a line. Columns by name, in any order: {@code code},
 * {@code address}, {@code county_code}, {@code township_code}, {@code village_code} required;
 * {@code grid_code}, {@code micro_grid_code}, {@code longitude}, {@code latitude} optional. The
 * usual Chinese headers and pinyin initials are taken too (标准地址编码/bzdzbm, 地址全称/dzqc …).
 * Each line is checked on its own: a bad one is rejected with its reason, the others load.
 */
public final class AddressFile implements AutoCloseable {

    /** The columns, and every header spelling taken for each. */
    enum Column {
        CODE(true, "code", "bzdzbm", "标准地址编码", "标准地址编号", "地址编码"),
        ADDRESS(true, "address", "dzqc", "地址全称", "标准地址", "地址"),
        COUNTY(true, "county_code", "xqdm", "xzqh", "区县编码", "县级编码", "县区编码"),
        TOWNSHIP(true, "township_code", "xzjddm", "jdxz", "乡镇街道编码", "镇街编码", "乡镇编码"),
        VILLAGE(true, "village_code", "cjdm", "sqcj", "村社区编码", "村社编码", "社区村编码"),
        GRID(false, "grid_code", "wgbm", "wgdm", "网格编码"),
        MICRO_GRID(false, "micro_grid_code", "wwgbm", "wwgdm", "微网格编码"),
        LONGITUDE(false, "longitude", "jd", "lng", "经度"),
        LATITUDE(false, "latitude", "wd", "lat", "纬度");

        final boolean required;
        final String[] names;

        Column(boolean required, String... names) {
            this.required = required;
            this.names = names;
        }
    }

    /** One data line: the address it holds, or why it was rejected. */
    public record Line(long lineNo, StandardAddress address, String rejection) {
    }

    /** The file cannot be read as a standard address file at all (no header, a required column missing). */
    public static final class UnreadableFile extends Exception {
        UnreadableFile(String message) {
            super(message);
        }
    }

    private static final BigDecimal MIN_LONGITUDE = new BigDecimal("73");
    private static final BigDecimal MAX_LONGITUDE = new BigDecimal("136");
    private static final BigDecimal MIN_LATITUDE = new BigDecimal("3");
    private static final BigDecimal MAX_LATITUDE = new BigDecimal("54");

    private final Gazetteer gazetteer;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int[] index = new int[Column.values().length];
    private final int width;

    public AddressFile(InputStream in, Gazetteer gazetteer) throws IOException, UnreadableFile {
        this.gazetteer = gazetteer;
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
        reader.mark(1 << 15);
        String first = reader.readLine();
        if (first == null) throw new UnreadableFile("the file is empty: a header line is required");
        reader.reset();
        char delimiter = first.indexOf('\t') >= 0 ? '\t' : ',';
        this.parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get()
                .parse(reader);
        this.records = parser.iterator();
        CSVRecord header = records.next();
        this.width = header.size();
        java.util.Arrays.fill(index, -1);
        Map<String, Column> byName = new HashMap<>();
        for (Column c : Column.values()) for (String n : c.names) byName.put(n, c);
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT);
            Column c = byName.get(name);
            if (c != null && index[c.ordinal()] < 0) index[c.ordinal()] = i;
        }
        StringBuilder missing = new StringBuilder();
        for (Column c : Column.values()) {
            if (c.required && index[c.ordinal()] < 0) missing.append(missing.isEmpty() ? "" : ", ").append(c.names[0]);
        }
        if (!missing.isEmpty()) {
            throw new UnreadableFile("the header line lacks the column(s) " + missing
                    + " (header names are taken in English, pinyin initials or Chinese: see docs/addresses.md)");
        }
    }

    /** The next data line, or null at the end of the file. */
    public Line next() {
        if (!records.hasNext()) return null;
        CSVRecord r = records.next();
        long lineNo = r.getRecordNumber();
        if (r.size() != width) {
            return new Line(lineNo, null, "has " + r.size() + " fields, the header " + width);
        }
        try {
            return new Line(lineNo, check(r), null);
        } catch (IllegalArgumentException e) {
            return new Line(lineNo, null, e.getMessage());
        }
    }

    private StandardAddress check(CSVRecord r) {
        String code = required(r, Column.CODE);
        if (code.length() > 64) throw new IllegalArgumentException("code longer than 64 characters");
        for (int i = 0; i < code.length(); i++) {
            if (Character.isWhitespace(code.charAt(i))) throw new IllegalArgumentException("code contains a space");
        }
        String address = required(r, Column.ADDRESS);
        if (address.length() > 300) throw new IllegalArgumentException("address longer than 300 characters");
        String county = digits(required(r, Column.COUNTY), 6, "county_code");
        String township = digits(required(r, Column.TOWNSHIP), 9, "township_code");
        String village = digits(required(r, Column.VILLAGE), 12, "village_code");
        if (!township.startsWith(county)) {
            throw new IllegalArgumentException("township_code " + township + " is not in county " + county);
        }
        if (!village.startsWith(township)) {
            throw new IllegalArgumentException("village_code " + village + " is not in township " + township);
        }
        Division known = gazetteer.township(township).orElse(null);
        if (known == null) {
            throw new IllegalArgumentException("township_code " + township + " is not a township the gateway knows");
        }
        String grid = optional(r, Column.GRID, 40);
        String microGrid = optional(r, Column.MICRO_GRID, 40);
        BigDecimal longitude = coordinate(r, Column.LONGITUDE, MIN_LONGITUDE, MAX_LONGITUDE);
        BigDecimal latitude = coordinate(r, Column.LATITUDE, MIN_LATITUDE, MAX_LATITUDE);
        return new StandardAddress(code, address, county, township, village, grid, microGrid, longitude, latitude);
    }

    private String cell(CSVRecord r, Column c) {
        int i = index[c.ordinal()];
        return i < 0 ? "" : r.get(i).strip();
    }

    private String required(CSVRecord r, Column c) {
        String v = cell(r, c);
        if (v.isEmpty()) throw new IllegalArgumentException(c.names[0] + " is empty");
        return v;
    }

    private String optional(CSVRecord r, Column c, int max) {
        String v = cell(r, c);
        if (v.isEmpty()) return null;
        if (v.length() > max) throw new IllegalArgumentException(c.names[0] + " longer than " + max + " characters");
        return v;
    }

    private BigDecimal coordinate(CSVRecord r, Column c, BigDecimal min, BigDecimal max) {
        String v = cell(r, c);
        if (v.isEmpty()) return null;
        BigDecimal d;
        try {
            d = new BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_UP);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(c.names[0] + " is not a number");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(c.names[0] + " " + v + " is outside China");
        }
        return d;
    }

    private static String digits(String v, int length, String column) {
        if (v.length() != length) throw new IllegalArgumentException(column + " is not " + length + " digits");
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch < '0' || ch > '9') throw new IllegalArgumentException(column + " is not " + length + " digits");
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}

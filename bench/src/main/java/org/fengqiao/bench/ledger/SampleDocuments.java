package org.fengqiao.bench.ledger;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Stored canonical disputes as the ledger holds them (parties' ID numbers and phones sealed), of the
 * size the benchmark's cases come to: 1.2 to 1.6 thousand characters, Chinese text and base64.
 */
final class SampleDocuments {

    private static final String[] TOWNS = { "暨阳街道", "浣东街道", "陶朱街道", "大唐街道", "枫桥镇", "牌头镇", "五泄镇" };
    private static final String[] CATEGORIES = { "相邻关系纠纷", "婚姻家庭纠纷", "劳动争议", "物业纠纷", "买卖合同纠纷" };

    private SampleDocuments() {
    }

    static List<String> canonical(int count) {
        Random random = new Random(7);
        List<String> documents = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String town = TOWNS[random.nextInt(TOWNS.length)];
            String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            int amount = 1_000 + random.nextInt(200_000);
            documents.add("""
                    {"schemaVersion":"1.0","disputeId":"FQ2026112900%06d","status":"DISPATCHED","source":{"system":\
                    "COURT_MEDIATION","recordId":"(2026)浙0681民诉前调%d号","channel":"诸暨市人民法院","receivedAt":\
                    "2026-11-29T09:%02d:%02d.409+08:00"},"category":{"code":"NEIGHBOR","name":"邻里","sourceName":"%s",\
                    "rule":"table COURT_MEDIATION: %s"},"title":"%s（(2026)浙0681民诉前调%d号）","description":\
                    "判令被告支付款项%d元及逾期利息，诉讼费由被告承担。","claims":"判令被告支付款项%d元及逾期利息，诉讼费由被告承担。",\
                    "occurredAt":"2026-11-28T09:00:00+08:00","urgency":"NORMAL","amount":%d,"location":{"address":\
                    "诸暨市%s开元东路%d号","countyCode":"330681","townshipCode":"330681%03d","resolution":{"method":\
                    "TOWNSHIP_NAME","confidence":0.95,"candidates":[]}},"parties":[{"role":"APPLICANT","name":"原告%d",\
                    "idNumber":"enc:v1:dev-1:%s","phone":"enc:v1:dev-1:%s","address":"诸暨市%s","idNumberValid":true},\
                    {"role":"RESPONDENT","name":"被告%d","idNumber":"enc:v1:dev-1:%s","phone":"enc:v1:dev-1:%s",\
                    "address":"诸暨市%s","idNumberValid":true}],"assignment":{"handlerId":"330681%03d","handlerName":\
                    "%s社会治理中心","reason":"township of the address","dueAt":"2026-12-29T23:59:59+08:00"}}"""
                    .formatted(i, i, random.nextInt(60), random.nextInt(60), category, category, category, i, amount,
                            amount, amount, town, random.nextInt(200), 101 + random.nextInt(15), i, sealed(random, 50),
                            sealed(random, 40), town, i, sealed(random, 50), sealed(random, 40), town,
                            101 + random.nextInt(15), town));
        }
        return documents;
    }

    /** What PartyFieldCipher writes for a value: base64 of IV, ciphertext and tag. */
    private static String sealed(Random random, int bytes) {
        byte[] sealed = new byte[bytes];
        random.nextBytes(sealed);
        return Base64.getEncoder().encodeToString(sealed);
    }
}

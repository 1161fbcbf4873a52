package org.fengqiao.gateway.statistics;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.YearMonth;
import java.util.List;

/** The county (and city) statistics read from the ledger. */
@ApplicationScoped
public class CountyStatistics {

    public Overview overview(StatisticsQuery query) {
        throw new UnsupportedOperationException("not yet");
    }

    public Declines declines(String areaCode, YearMonth month) {
        throw new UnsupportedOperationException("not yet");
    }

    public List<Definition> definitions() {
        return List.of();
    }
}

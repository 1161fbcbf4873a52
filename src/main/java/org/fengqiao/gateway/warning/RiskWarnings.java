package org.fengqiao.gateway.warning;

import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

/** Reads the risk warnings of an area. */
@ApplicationScoped
public class RiskWarnings {

    /**
     * @param areaCode a 6-digit county or a 4-digit city code
     * @param from first raised date, inclusive
     * @param to last raised date, inclusive
     * @return the area's warnings raised in those days, newest first
     */
    public List<RiskWarning> list(String areaCode, LocalDate from, LocalDate to) {
        return List.of();
    }
}

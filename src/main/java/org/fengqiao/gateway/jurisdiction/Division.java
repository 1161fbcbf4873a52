package org.fengqiao.gateway.jurisdiction;

import java.util.Objects;

/**
 * One administrative division with its NBS code. {@code parentCode} is the code of the enclosing division
 * (the 2-digit province for a city), or null for a province.
 */
public record Division(String code, String name, String parentCode, Level level) {

    public enum Level { PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE }

    public Division {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
    }
}

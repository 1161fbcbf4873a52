package org.fengqiao.gateway.jurisdiction.standard;

import java.math.BigDecimal;

/**
 * One standard address (标准地址): the code that identifies the place, its full text, the divisions it
 * lies in, and where known its grid, micro-grid and position.
 */
public record StandardAddress(String code, String address, String countyCode, String townshipCode,
                              String villageCode, String gridCode, String microGridCode, BigDecimal longitude,
                              BigDecimal latitude) {
}

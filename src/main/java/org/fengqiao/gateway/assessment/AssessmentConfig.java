package org.fengqiao.gateway.assessment;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The monthly assessment workbook (考核报表) written on a schedule. */
@ConfigMapping(prefix = "gateway.assessment")
public interface AssessmentConfig {

    /**
     * The folder the scheduled workbooks are written to, one file per county and month; without it
     * nothing is written on a schedule (the console and the API still make one on demand).
     */
    Optional<String> folder();

    /**
     * When last month's workbooks are written: a Quartz-style cron in Beijing time (default 02:00 on
     * the 1st of each month), checked by every instance; one of them writes each county's workbook.
     */
    @WithDefault("0 0 2 1 * ?")
    String schedule();

    /** The counties (6-digit codes) written on the schedule; by default every county of the city. */
    Optional<List<String>> counties();
}

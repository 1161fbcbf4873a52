package org.fengqiao.gateway.assessment;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.config.GatewayConfig;
import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.ledger.InstanceLeases;
import org.jboss.logging.Logger;

/**
 * Last month's assessment workbooks, written on {@code gateway.assessment.schedule} to
 * {@code gateway.assessment.folder} (nothing without a folder): one file per configured county, by
 * one instance however many run the schedule (a lease per county and month in the ledger), and a
 * file already there is left alone, so an instance restarted within the hour does not write it again.
 * Each is written to a hidden temporary file in the folder and then moved to its name, so whoever
 * collects the folder never sees half a workbook.
 */
@ApplicationScoped
public class AssessmentSchedule {

    private static final Logger LOG = Logger.getLogger(AssessmentSchedule.class);

    /** Long enough for the slowest county's workbook; another instance's late start finds it taken. */
    static final Duration LEASE = Duration.ofHours(1);

    @Inject
    AssessmentConfig config;
    @Inject
    AssessmentWorkbook workbook;
    @Inject
    InstanceLeases leases;
    @Inject
    GatewayConfig gateway;
    @Inject
    Gazetteer gazetteer;
    @Inject
    Clock clock;

    @Scheduled(cron = "${gateway.assessment.schedule}", timeZone = "Asia/Shanghai",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        if (config.folder().isEmpty()) {
            return;
        }
        YearMonth lastMonth = YearMonth.from(GatewayTime.now(clock)).minusMonths(1);
        try {
            write(lastMonth, Path.of(config.folder().get()), counties());
        } catch (Exception e) {
            LOG.warnf("Assessment workbooks of %s not written: %s", lastMonth, e.getClass().getSimpleName());
        }
    }

    /** The counties the schedule writes: those configured, or every county of the city. */
    public List<String> counties() {
        return config.counties().filter(c -> !c.isEmpty())
                .orElseGet(() -> gazetteer.counties().stream().map(Division::code).toList());
    }

    /**
     * Writes the month's workbook of each county into {@code folder} where this instance wins the
     * county's lease and the file is not there yet; the files this call wrote.
     */
    public List<Path> write(YearMonth month, Path folder, List<String> counties) throws Exception {
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        for (String county : counties) {
            Path target = folder.resolve(AssessmentWorkbook.fileName(county, month));
            if (Files.exists(target)) {
                continue;
            }
            if (!leases.tryAcquire("assessment-" + county + "-" + month, gateway.instanceId(),
                    GatewayTime.now(clock), LEASE)) {
                continue;
            }
            Path partial = folder.resolve("." + target.getFileName() + ".partial");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
                    workbook.write(county, month, out);
                }
                move(partial, target);
            } finally {
                Files.deleteIfExists(partial);
            }
            written.add(target);
            LOG.infof("Assessment workbook written: county=%s month=%s file=%s", county, month, target.getFileName());
        }
        return written;
    }

    private static void move(Path from, Path to) throws Exception {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

package org.fengqiao.gateway.console;

import static java.util.stream.Collectors.joining;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.problem.ContentDisposition;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.security.StaffCaller;
import org.jboss.logging.Logger;

/**
 * The county centre's list as a file (纠纷清单, Excel or CSV): the disputes its filters match, with
 * the list's values as a person reads them (Chinese names, Beijing time) and its masking (titles as
 * the list shows them; no party's number at all). Read from the ledger a batch at a time into a
 * temporary file, and handed out only once complete: a list over {@code gateway.console.export-max-rows}
 * is refused before a row is read.
 */
@ApplicationScoped
class CentreExport {

    private static final Logger LOG = Logger.getLogger(CentreExport.class);

    /** Disputes read from the ledger at once. */
    static final int BATCH = 500;

    static final List<ExportTable.Column> COLUMNS = List.of(new ExportTable.Column("纠纷编号", 12),
            new ExportTable.Column("标题", 30), new ExportTable.Column("状态", 6), new ExportTable.Column("来源", 8),
            new ExportTable.Column("来源编号", 12), new ExportTable.Column("类别", 8), new ExportTable.Column("镇街", 8),
            new ExportTable.Column("风险标识", 8), new ExportTable.Column("承办单位", 14), new ExportTable.Column("紧急程度", 5),
            new ExportTable.Column("接收时间", 10), new ExportTable.Column("办理期限", 10),
            new ExportTable.Column("是否超期", 5));

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** A complete export in its temporary file, and the names it is offered under. */
    record Download(Path file, ExportTable.Format format, String fileName, String asciiFileName, int rows) {

        /** attachment, with the Chinese name as RFC 5987's filename* and an ASCII one for older clients. */
        String contentDisposition() {
            return ContentDisposition.attachment(fileName, asciiFileName);
        }
    }

    @Inject
    CentreList list;
    @Inject
    ExportLimit limit;
    @Inject
    RoutingPolicy routing;
    @Inject
    Clock clock;

    /**
     * The export of what the filters match, or {@link ExportTable.TooManyRows} when they match more
     * than an export may hold (then no file is left behind).
     */
    Download export(StaffCaller caller, CentreList.Filters filters, ExportTable.Format format)
            throws IOException, SQLException {
        int maxRows = limit.maxRows();
        long total = list.count(caller, filters);
        if (total > maxRows) {
            LOG.infof("Export refused: handler=%s person=%s format=%s rows=%d over the limit %d filters=%s",
                    caller.id(), caller.person(), format.extension, total, maxRows, filterNames(filters));
            throw new ExportTable.TooManyRows(total, maxRows);
        }
        Path file = Files.createTempFile("centre-export-", "." + format.extension);
        try {
            int rows;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
                    ExportTable table = ExportTable.open(format, COLUMNS, maxRows, out)) {
                list.forEach(caller, filters, BATCH, row -> table.row(cells(row)));
                table.finish();
                rows = table.rows();
            }
            LOG.infof("Export: handler=%s person=%s format=%s rows=%d filters=%s", caller.id(), caller.person(),
                    format.extension, rows, filterNames(filters));
            String area = caller.overseenCounty(routing.city()).orElse(routing.city());
            String day = DAY.format(GatewayTime.now(clock).toLocalDate());
            return new Download(file, format, "纠纷清单-" + area + "-" + day + "." + format.extension,
                    "disputes-" + area + "-" + day + "." + format.extension, rows);
        } catch (IOException | SQLException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    static List<String> cells(CentreList.Row row) {
        return List.of(row.disputeId(), row.title(), row.status(), row.source(), row.recordId(), row.category(),
                row.township(), String.join("、", row.marks()), row.handler(), row.urgent() ? "紧急" : "一般", row.receivedAt(), row.dueAt(),
                row.overdue() ? "是" : "否");
    }

    /** The filters given, by name only: their values may be a party's ID number. */
    static String filterNames(CentreList.Filters f) {
        String query = f.query();
        return query.isEmpty() ? "none"
                : Arrays.stream(query.split("&")).map(p -> p.substring(0, p.indexOf('='))).collect(joining(","));
    }
}

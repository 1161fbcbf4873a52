package org.fengqiao.gateway.assessment;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.fengqiao.gateway.canonical.Category;
import org.fengqiao.gateway.canonical.GatewayTime;
import org.fengqiao.gateway.intake.mapped.MappedSourceAdapter;
import org.fengqiao.gateway.jurisdiction.Division;
import org.fengqiao.gateway.jurisdiction.Gazetteer;
import org.fengqiao.gateway.ledger.CountyDisputes;
import org.fengqiao.gateway.ledger.InboxItem;
import org.fengqiao.gateway.privacy.Masking;
import org.fengqiao.gateway.problem.ContentDisposition;
import org.fengqiao.gateway.routing.HandlerDirectory;
import org.fengqiao.gateway.routing.RoutingPolicy;
import org.fengqiao.gateway.security.StaffCaller;
import org.fengqiao.gateway.statistics.Breakdown;
import org.fengqiao.gateway.statistics.CountyStatistics;
import org.fengqiao.gateway.statistics.DeclineCounts;
import org.fengqiao.gateway.statistics.Declines;
import org.fengqiao.gateway.statistics.Definition;
import org.fengqiao.gateway.statistics.Figures;
import org.fengqiao.gateway.statistics.Overview;
import org.fengqiao.gateway.statistics.StatisticsQuery;
import org.fengqiao.gateway.warning.RiskWarning;
import org.fengqiao.gateway.warning.RiskWarnings;
import org.jboss.logging.Logger;

/**
 * The monthly assessment workbook of a county (考核报表): a summary sheet (the county's figures with
 * their definitions, the "three declines" against last month and the same month last year), one
 * sheet of figures per township of the gazetteer, one of the disputes overdue or escalated, one of
 * the risk warnings raised in the month. Figures are the county statistics of the disputes received
 * in the month (Beijing time); headers in Chinese; titles and notes masked as the centre's list masks
 * them, and no party's number at all.
 *
 * <p>Written through POI's streaming workbook into a temporary file, so a long list of overdue
 * disputes is never held whole.
 */
@ApplicationScoped
public class AssessmentWorkbook {

    private static final Logger LOG = Logger.getLogger(AssessmentWorkbook.class);

    public static final String MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final String SUMMARY_SHEET = "全县汇总";
    public static final String ATTENTION_SHEET = "超期及提级纠纷";
    public static final String WARNINGS_SHEET = "风险预警";
    /** Most disputes the overdue and escalated sheet lists; a last row says when there are more. */
    static final int MAX_ATTENTION_ROWS = 10_000;

    static final List<String> FIGURE_HEADERS = List.of("指标", "数值", "分子", "分母", "计入口径");
    static final List<String> DECLINE_HEADERS = List.of("三降指标", "本月", "上月", "环比", "去年同月", "同比");
    static final List<String> ATTENTION_HEADERS = List.of("纠纷编号", "标题", "状态", "来源", "类别", "镇街", "承办单位",
            "接收时间", "办理期限", "当前超期", "曾提级专班");
    static final List<String> WARNING_HEADERS = List.of("预警编号", "预警规则", "预警对象", "镇街", "预警时间", "关联纠纷",
            "状态", "确认人", "确认时间", "确认说明");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** A workbook in its temporary file, and the names it is offered under. */
    public record Made(Path file, String fileName, String asciiFileName) {

        /** attachment, with the Chinese name as RFC 5987's filename* and an ASCII one for older clients. */
        public String contentDisposition() {
            return ContentDisposition.attachment(fileName, asciiFileName);
        }
    }

    @Inject
    CountyStatistics statistics;
    @Inject
    RiskWarnings warnings;
    @Inject
    CountyDisputes disputes;
    @Inject
    Gazetteer gazetteer;
    @Inject
    HandlerDirectory handlers;
    @Inject
    MappedSourceAdapter sources;
    @Inject
    RoutingPolicy routing;
    @Inject
    Clock clock;

    /** The ASCII name a county's workbook of a month is written under: assessment-330681-2026-11.xlsx. */
    public static String fileName(String countyCode, YearMonth month) {
        return "assessment-" + countyCode + "-" + month + ".xlsx";
    }

    /** The workbook of the county and month, in a temporary file that the caller deletes. */
    public Made make(String countyCode, YearMonth month) throws Exception {
        Path file = Files.createTempFile("assessment-", ".xlsx");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            write(countyCode, month, out);
        } catch (Exception | Error e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new Made(file, "考核报表-" + countyCode + "-" + month + ".xlsx", fileName(countyCode, month));
    }

    /** Writes the workbook of the county and month to {@code out}, which the caller closes. */
    public void write(String countyCode, YearMonth month, OutputStream out) throws Exception {
        OffsetDateTime now = GatewayTime.now(clock);
        OffsetDateTime from = month.atDay(1).atStartOfDay(GatewayTime.ZONE).toOffsetDateTime();
        OffsetDateTime before = month.plusMonths(1).atDay(1).atStartOfDay(GatewayTime.ZONE).toOffsetDateTime();
        Overview overview = statistics.overview(new StatisticsQuery(countyCode, month.atDay(1), month.atEndOfMonth(),
                Optional.of(Breakdown.TOWNSHIP)));
        Declines declines = statistics.declines(countyCode, month);
        Map<String, Definition> definitions = new LinkedHashMap<>();
        for (Definition d : statistics.definitions()) {
            definitions.put(d.figure(), d);
        }
        StaffCaller centre = new StaffCaller(routing.countyBody(countyCode, "CENTRE"), "gateway");
        List<CountyDisputes.Attention> attention = disputes.overdueOrEscalated(countyCode, from, before, now, centre,
                routing.city(), MAX_ATTENTION_ROWS + 1);
        List<RiskWarning> raised = warnings.list(countyCode, month.atDay(1), month.atEndOfMonth());

        try (SXSSFWorkbook book = new SXSSFWorkbook(100)) {
            book.setCompressTempFiles(true);
            Styles styles = new Styles(book);
            summary(book, styles, countyCode, month, overview, declines, definitions, now);
            Map<String, Figures> byTownship = new LinkedHashMap<>();
            Map<String, String> labels = new LinkedHashMap<>();
            for (var row : overview.rows()) {
                byTownship.put(row.key(), row.figures());
                labels.put(row.key(), row.label());
            }
            Set<String> names = new HashSet<>(List.of(SUMMARY_SHEET, ATTENTION_SHEET, WARNINGS_SHEET));
            for (Division township : gazetteer.townshipsOf(countyCode)) {
                Figures f = byTownship.remove(township.code());
                township(book, styles, unique(names, township.name()), township.name(), f == null ? empty() : f,
                        definitions);
            }
            // Disputes the statistics put under no township of the gazetteer (resolved only to the county).
            for (var rest : byTownship.entrySet()) {
                String label = labels.get(rest.getKey());
                String name = label == null || label.isBlank() ? "未定镇街" : label;
                township(book, styles, unique(names, name), name, rest.getValue(), definitions);
            }
            attention(book, styles, attention);
            warnings(book, styles, raised);
            book.write(out);
            book.dispose();
        }
        LOG.infof("Assessment workbook: county=%s month=%s overdue-or-escalated=%d warnings=%d", countyCode, month,
                attention.size(), raised.size());
    }

    private void summary(SXSSFWorkbook book, Styles styles, String countyCode, YearMonth month, Overview overview,
            Declines declines, Map<String, Definition> definitions, OffsetDateTime now) {
        SXSSFSheet sheet = book.createSheet(SUMMARY_SHEET);
        widths(sheet, 16, 10, 24, 24, 30);
        int r = 0;
        String county = gazetteer.countyName(countyCode).orElse(countyCode);
        text(sheet.createRow(r++), styles.bold, county + " " + month.getYear() + "年" + month.getMonthValue()
                + "月 矛盾纠纷化解考核报表");
        labelled(sheet.createRow(r++), styles, "县（市、区）", county + "（" + countyCode + "）");
        labelled(sheet.createRow(r++), styles, "统计范围", "本月接收的纠纷（按接收时间，北京时间 " + month.atDay(1) + " 至 "
                + month.atEndOfMonth() + "）；当前超期为生成时的状态");
        labelled(sheet.createRow(r++), styles, "数据截至", TIME.format(GatewayTime.inZone(overview.asOf())));
        labelled(sheet.createRow(r++), styles, "生成时间", TIME.format(now));
        r++;
        r = figures(sheet, styles, r, overview.total(), definitions);
        r++;
        header(sheet.createRow(r++), styles, DECLINE_HEADERS);
        decline(sheet.createRow(r++), styles, "信访件数", declines, DeclineCounts::petitionItems);
        decline(sheet.createRow(r++), styles, "重复信访", declines, DeclineCounts::repeatPetitions);
        decline(sheet.createRow(r++), styles, "矛盾纠纷数", declines, DeclineCounts::disputes);
        Row per10k = sheet.createRow(r++);
        cell(per10k, 0, styles.text, "每万人纠纷数");
        hundredths(per10k, 1, styles, declines.current().disputesPer10k());
        hundredths(per10k, 2, styles, declines.previousMonth().disputesPer10k());
        change(per10k, 3, styles, declines.current().disputesPer10k(), declines.previousMonth().disputesPer10k());
        hundredths(per10k, 4, styles, declines.sameMonthLastYear().disputesPer10k());
        change(per10k, 5, styles, declines.current().disputesPer10k(), declines.sameMonthLastYear().disputesPer10k());
    }

    private static void township(SXSSFWorkbook book, Styles styles, String sheetName, String township, Figures f,
            Map<String, Definition> definitions) {
        SXSSFSheet sheet = book.createSheet(sheetName);
        widths(sheet, 16, 10, 24, 24, 30);
        text(sheet.createRow(0), styles.bold, township);
        figures(sheet, styles, 1, f, definitions);
        sheet.createFreezePane(0, 2);
    }

    /** The figures table from row {@code r}: its header, one row per figure; the next free row. */
    private static int figures(SXSSFSheet sheet, Styles styles, int r, Figures f, Map<String, Definition> definitions) {
        header(sheet.createRow(r++), styles, FIGURE_HEADERS);
        for (Measure m : Measure.values()) {
            Row row = sheet.createRow(r++);
            cell(row, 0, styles.text, m.nameZh());
            value(row, 1, styles, m, m.of(f));
            List<String> definition = m.definition(definitions);
            for (int c = 0; c < definition.size(); c++) {
                cell(row, 2 + c, styles.text, definition.get(c));
            }
        }
        return r;
    }

    private void attention(SXSSFWorkbook book, Styles styles, List<CountyDisputes.Attention> rows) {
        SXSSFSheet sheet = book.createSheet(ATTENTION_SHEET);
        widths(sheet, 12, 30, 6, 8, 8, 8, 14, 10, 10, 5, 5);
        header(sheet.createRow(0), styles, ATTENTION_HEADERS);
        sheet.createFreezePane(0, 1);
        int r = 1;
        for (CountyDisputes.Attention a : rows.subList(0, Math.min(rows.size(), MAX_ATTENTION_ROWS))) {
            InboxItem i = a.row().item();
            Row row = sheet.createRow(r++);
            List<String> cells = List.of(i.disputeId(), Masking.text(i.title() == null ? "" : i.title()),
                    (i.status() == null ? "" : i.status().chineseName()), sources.displayName(i.sourceSystem()), category(i.categoryCode()),
                    townshipName(i.townshipCode()), handlers.nameOf(a.row().handlerId()), time(i.receivedAt()),
                    time(i.dueAt()), a.overdue() ? "是" : "否", a.escalated() ? "是" : "否");
            for (int c = 0; c < cells.size(); c++) {
                cell(row, c, styles.text, cells.get(c));
            }
        }
        if (rows.size() > MAX_ATTENTION_ROWS) {
            cell(sheet.createRow(r), 0, styles.text, "超过 " + MAX_ATTENTION_ROWS + " 件，其余未列出，请在纠纷总览中按“仅超期”筛选导出。");
        }
    }

    private void warnings(SXSSFWorkbook book, Styles styles, List<RiskWarning> raised) {
        SXSSFSheet sheet = book.createSheet(WARNINGS_SHEET);
        widths(sheet, 8, 14, 20, 8, 10, 30, 6, 10, 10, 24);
        header(sheet.createRow(0), styles, WARNING_HEADERS);
        sheet.createFreezePane(0, 1);
        int r = 1;
        for (RiskWarning w : raised) {
            Row row = sheet.createRow(r++);
            // Subject and note: the warning's subject is masked when raised, a note is typed by staff.
            List<String> cells = List.of(Long.toString(w.id()), w.ruleName() == null ? w.ruleId() : w.ruleName(),
                    Masking.text(w.subject() == null ? "" : w.subject()), townshipName(w.townshipCode()),
                    time(w.raisedAt()), String.join("、", w.disputeIds() == null ? List.of() : w.disputeIds()),
                    "ACKNOWLEDGED".equals(w.status()) ? "已确认" : "OPEN".equals(w.status()) ? "待确认"
                            : w.status() == null ? "" : w.status(),
                    w.acknowledgedBy() == null ? "" : handlers.nameOf(w.acknowledgedBy()), time(w.acknowledgedAt()),
                    Masking.text(w.note() == null ? "" : w.note()));
            for (int c = 0; c < cells.size(); c++) {
                cell(row, c, styles.text, cells.get(c));
            }
        }
    }

    private String townshipName(String code) {
        return code == null ? "" : gazetteer.township(code).map(Division::name).orElse(code);
    }

    private static String category(String code) {
        try {
            return code == null ? "" : Category.valueOf(code).displayName();
        } catch (IllegalArgumentException e) {
            return code;
        }
    }

    private static String time(OffsetDateTime at) {
        return at == null ? "" : TIME.format(at.atZoneSameInstant(GatewayTime.ZONE));
    }

    private static Figures empty() {
        return new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0, 0);
    }

    /** Sheet names are unique in a workbook, at most 31 characters, without {@code []:*?/\}. */
    private static String unique(Set<String> taken, String name) {
        String base = WorkbookUtil.createSafeSheetName(name);
        String candidate = base;
        for (int n = 2; !taken.add(candidate); n++) {
            String suffix = "(" + n + ")";
            candidate = base.substring(0, Math.min(base.length(), 31 - suffix.length())) + suffix;
        }
        return candidate;
    }

    private static void decline(Row row, Styles styles, String name, Declines d, ToLongFunction<DeclineCounts> count) {
        cell(row, 0, styles.text, name);
        long current = count.applyAsLong(d.current());
        long previous = count.applyAsLong(d.previousMonth());
        long lastYear = count.applyAsLong(d.sameMonthLastYear());
        row.createCell(1).setCellValue(current);
        row.createCell(2).setCellValue(previous);
        change(row, 3, styles, (double) current, (double) previous);
        row.createCell(4).setCellValue(lastYear);
        change(row, 5, styles, (double) current, (double) lastYear);
    }

    /** The change against a base as a percentage; {@link Measure#NONE} where the base is none or 0. */
    private static void change(Row row, int column, Styles styles, Double current, Double base) {
        if (current == null || base == null || base == 0) {
            cell(row, column, styles.text, Measure.NONE);
            return;
        }
        Cell cell = row.createCell(column);
        cell.setCellValue((current - base) / base);
        cell.setCellStyle(styles.percent);
    }

    private static void hundredths(Row row, int column, Styles styles, Double value) {
        if (value == null) {
            cell(row, column, styles.text, Measure.NONE);
            return;
        }
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(styles.hundredths);
    }

    /** A count as a number, a rate as a percentage of its fraction, hours to a tenth; none as {@link Measure#NONE}. */
    private static void value(Row row, int column, Styles styles, Measure m, Number n) {
        if (n == null) {
            cell(row, column, styles.text, Measure.NONE);
            return;
        }
        Cell cell = row.createCell(column);
        cell.setCellValue(m.kind() == Measure.Kind.COUNT ? n.longValue() : n.doubleValue());
        cell.setCellStyle(switch (m.kind()) {
            case COUNT -> styles.count;
            case RATE -> styles.percent;
            case HOURS -> styles.tenths;
        });
    }

    private static void header(Row row, Styles styles, List<String> headers) {
        for (int c = 0; c < headers.size(); c++) {
            cell(row, c, styles.bold, headers.get(c));
        }
    }

    private static void labelled(Row row, Styles styles, String label, String value) {
        cell(row, 0, styles.bold, label);
        cell(row, 1, styles.text, value);
    }

    private static void text(Row row, CellStyle style, String value) {
        cell(row, 0, style, value);
    }

    /**
     * A text cell; text a spreadsheet would take for a formula gets a leading apostrophe, as in the
     * centre's export: a title is written by whoever reported the case.
     */
    private static void cell(Row row, int column, CellStyle style, String value) {
        Cell cell = row.createCell(column);
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !Measure.NONE.equals(v)) {
            v = "'" + v;
        }
        cell.setCellValue(v);
        cell.setCellStyle(style);
    }

    /** Widths in characters of a Chinese text (about two of Excel's units each). */
    private static void widths(SXSSFSheet sheet, int... chars) {
        for (int c = 0; c < chars.length; c++) {
            sheet.setColumnWidth(c, Math.min(255, chars[c] * 2) * 256);
        }
    }

    private static final class Styles {
        final CellStyle text;
        final CellStyle bold;
        final CellStyle count;
        final CellStyle percent;
        final CellStyle tenths;
        final CellStyle hundredths;

        Styles(SXSSFWorkbook book) {
            var formats = book.createDataFormat();
            text = book.createCellStyle();
            text.setDataFormat(formats.getFormat("@"));
            bold = book.createCellStyle();
            bold.cloneStyleFrom(text);
            Font font = book.createFont();
            font.setBold(true);
            bold.setFont(font);
            count = book.createCellStyle();
            count.setDataFormat(formats.getFormat("0"));
            percent = book.createCellStyle();
            percent.setDataFormat(formats.getFormat("0.0%"));
            tenths = book.createCellStyle();
            tenths.setDataFormat(formats.getFormat("0.0"));
            hundredths = book.createCellStyle();
            hundredths.setDataFormat(formats.getFormat("0.00"));
        }
    }
}

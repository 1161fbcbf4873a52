package org.fengqiao.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * The export's files, written and read back: CSV in UTF-8 with its byte-order mark, RFC 4180 quoting,
 * formulas neutralised; Excel with text cells only; and the cap on rows, which refuses the row past
 * it in either format.
 */
class ExportTableTest {

    static final List<ExportTable.Column> COLUMNS = List.of(new ExportTable.Column("纠纷编号", 12),
            new ExportTable.Column("标题", 30));

    @Test
    void csvStartsWithAByteOrderMarkQuotesAsRfc4180AndNeutralisesFormulas() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExportTable table = ExportTable.open(ExportTable.Format.CSV, COLUMNS, 10, out)) {
            table.row(List.of("FQ1", "=HYPERLINK(\"http://example.invalid\",\"点此\")"));
            table.row(List.of("FQ2", "噪音, \"夜间\"\n施工"));
            table.row(List.of("FQ3", "+1"));
            table.row(List.of("FQ4", "-1"));
            table.row(List.of("FQ5", "@SUM(A1)"));
            table.row(List.of("FQ6", "\t=1"));
            table.row(List.of("FQ7", "\r=1"));
            table.row(List.of("FQ8", "邻里纠纷 =1"));
            table.finish();
        }
        byte[] bytes = out.toByteArray();
        assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(text).startsWith("纠纷编号,标题\r\n")
                .contains("\r\nFQ2,\"噪音, \"\"夜间\"\"\n施工\"\r\n");

        List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
        assertThat(records).hasSize(9);
        List<String> titles = new ArrayList<>();
        records.stream().skip(1).forEach(r -> titles.add(r.get(1)));
        assertThat(titles).containsExactly("'=HYPERLINK(\"http://example.invalid\",\"点此\")", "噪音, \"夜间\"\n施工",
                "'+1", "'-1", "'@SUM(A1)", "'\t=1", "'\r=1", "邻里纠纷 =1");
    }

    @Test
    void xlsxHoldsTextCellsOnlyWithTheSameNeutralising() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ExportTable table = ExportTable.open(ExportTable.Format.XLSX, COLUMNS, 10, out)) {
            table.row(List.of("FQ1", "=1+1"));
            table.row(List.of("FQ2", "2026-12-06"));
            table.finish();
        }
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            Sheet sheet = book.getSheetAt(0);
            assertThat(sheet.getSheetName()).isEqualTo("纠纷清单");
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("纠纷编号");
            assertThat(sheet.getRow(0).getCell(1).getStringCellValue()).isEqualTo("标题");
            assertThat(sheet.getRow(1).getCell(1).getStringCellValue()).isEqualTo("'=1+1");
            assertThat(sheet.getRow(2).getCell(1).getStringCellValue()).isEqualTo("2026-12-06");
            for (Row row : sheet) {
                for (Cell cell : row) {
                    assertThat(cell.getCellType()).as("cell %s", cell.getAddress()).isEqualTo(CellType.STRING);
                }
            }
        }
    }

    @Test
    void theRowPastTheCapIsRefusedInEitherFormat() throws IOException {
        for (ExportTable.Format format : ExportTable.Format.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ExportTable table = ExportTable.open(format, COLUMNS, 2, out)) {
                table.row(List.of("FQ1", "甲"));
                table.row(List.of("FQ2", "乙"));
                assertThat(table.rows()).isEqualTo(2);
                assertThatThrownBy(() -> table.row(List.of("FQ3", "丙"))).as(format.name())
                        .isInstanceOf(ExportTable.TooManyRows.class).hasMessageContaining("超过导出上限 2 件")
                        .hasMessageContaining("未生成文件");
                assertThat(table.rows()).isEqualTo(2);
            }
        }
        assertThat(new ExportTable.TooManyRows(100001, 100000).getMessage())
                .startsWith("符合条件的纠纷共 100001 件，超过导出上限 100000 件");
    }

    @Test
    void theChineseFileNameIsPercentEncodedBesideAnAsciiOne() {
        CentreExport.Download download = new CentreExport.Download(null, ExportTable.Format.XLSX,
                "纠纷清单-330681-20261206.xlsx", "disputes-330681-20261206.xlsx", 0);
        assertThat(download.contentDisposition()).isEqualTo("attachment; filename=\"disputes-330681-20261206.xlsx\"; "
                + "filename*=UTF-8''%E7%BA%A0%E7%BA%B7%E6%B8%85%E5%8D%95-330681-20261206.xlsx");
    }
}

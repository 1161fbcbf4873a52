package org.fengqiao.gateway.console;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A table for download, written row by row and never held whole: Excel through POI's streaming
 * workbook (rows beyond a small window go to a compressed temporary file), CSV straight to the
 * stream. Every cell is text, and text that a spreadsheet would take for a formula (starting with
 * {@code = + - @}, a tab or a carriage return) gets a leading apostrophe, in both formats: a title
 * is written by whoever reported the case, and must never run in the centre's spreadsheet.
 *
 * <p>At most {@code maxRows} rows: one more is refused with {@link TooManyRows}, and the caller
 * throws away what was written, so nobody is handed a list cut short without knowing it.
 */
abstract class ExportTable implements Closeable {

    static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String CSV_TYPE = "text/csv;charset=UTF-8";

    enum Format {
        XLSX("xlsx", XLSX_TYPE),
        CSV("csv", CSV_TYPE);

        final String extension;
        final String mediaType;

        Format(String extension, String mediaType) {
            this.extension = extension;
            this.mediaType = mediaType;
        }
    }

    /** A column: its Chinese header and its width in Excel, in characters of a Chinese text. */
    record Column(String header, int width) {
    }

    /** The list is longer than an export may be: nothing is handed out. The message is the page's. */
    static final class TooManyRows extends RuntimeException {

        TooManyRows(long total, int maxRows) {
            super("符合条件的纠纷共 " + total + " 件，超过导出上限 " + maxRows + " 件，未生成文件。请缩小筛选范围（如镇街、类别、接收日期）后再导出。");
        }

        TooManyRows(int maxRows) {
            super("符合条件的纠纷超过导出上限 " + maxRows + " 件，未生成文件。请缩小筛选范围（如镇街、类别、接收日期）后再导出。");
        }
    }

    private final int maxRows;
    private int rows;

    private ExportTable(int maxRows) {
        this.maxRows = maxRows;
    }

    /** A table with its header row written, to {@code out}, which the caller closes. */
    static ExportTable open(Format format, List<Column> columns, int maxRows, OutputStream out) throws IOException {
        ExportTable table = format == Format.XLSX ? new Xlsx(maxRows, out) : new Csv(maxRows, out);
        table.header(columns);
        return table;
    }

    /** One row, a cell per column; refused with {@link TooManyRows} beyond {@code maxRows}. */
    final void row(List<String> cells) throws IOException {
        if (rows == maxRows) {
            throw new TooManyRows(maxRows);
        }
        rows++;
        write(cells.stream().map(ExportTable::neutralised).toList());
    }

    /** Rows written, the header not counted. */
    final int rows() {
        return rows;
    }

    /** Completes the file on the stream; after it the table takes no more rows. */
    abstract void finish() throws IOException;

    abstract void header(List<Column> columns) throws IOException;

    abstract void write(List<String> cells) throws IOException;

    /** The text as a spreadsheet shows it and never evaluates it. */
    static String neutralised(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
            default -> cell;
        };
    }

    /** RFC 4180 (CRLF, quotes where needed), UTF-8 with a byte-order mark so Excel reads Chinese right. */
    private static final class Csv extends ExportTable {

        private final CSVPrinter printer;

        Csv(int maxRows, OutputStream out) throws IOException {
            super(maxRows);
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            writer.write('\uFEFF');
            printer = new CSVPrinter(writer, CSVFormat.RFC4180);
        }

        @Override
        void header(List<Column> columns) throws IOException {
            printer.printRecord(columns.stream().map(Column::header).toList());
        }

        @Override
        void write(List<String> cells) throws IOException {
            printer.printRecord(cells);
        }

        @Override
        void finish() throws IOException {
            printer.flush();
        }

        @Override
        public void close() {
            // The stream is the caller's to close; the printer holds nothing else.
        }
    }

    /** One sheet, header frozen, every cell a string in the text format (@). */
    private static final class Xlsx extends ExportTable {

        /** Rows kept in memory; older ones are flushed to the temporary file. */
        private static final int WINDOW = 100;

        private final OutputStream out;
        private final SXSSFWorkbook book = new SXSSFWorkbook(WINDOW);
        private final SXSSFSheet sheet;
        private final CellStyle text;
        private int next;

        Xlsx(int maxRows, OutputStream out) {
            super(maxRows);
            this.out = out;
            book.setCompressTempFiles(true);
            sheet = book.createSheet("纠纷清单");
            text = book.createCellStyle();
            text.setDataFormat(book.createDataFormat().getFormat("@"));
        }

        @Override
        void header(List<Column> columns) {
            CellStyle bold = book.createCellStyle();
            bold.cloneStyleFrom(text);
            Font font = book.createFont();
            font.setBold(true);
            bold.setFont(font);
            Row row = sheet.createRow(next++);
            for (int i = 0; i < columns.size(); i++) {
                Cell cell = row.createCell(i, CellType.STRING);
                cell.setCellValue(columns.get(i).header());
                cell.setCellStyle(bold);
                // A Chinese character is about two of Excel's width units (1/256 of a character each).
                sheet.setColumnWidth(i, Math.min(255, columns.get(i).width() * 2) * 256);
            }
            sheet.createFreezePane(0, 1);
        }

        @Override
        void write(List<String> cells) {
            Row row = sheet.createRow(next++);
            for (int i = 0; i < cells.size(); i++) {
                Cell cell = row.createCell(i, CellType.STRING);
                cell.setCellValue(cells.get(i));
                cell.setCellStyle(text);
            }
        }

        @Override
        void finish() throws IOException {
            book.write(out);
        }

        @Override
        public void close() throws IOException {
            // Deletes the temporary file of the rows flushed out of the window.
            book.dispose();
            book.close();
        }
    }
}

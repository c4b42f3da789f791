package com.cspmarket.catalog.offer.web;

import com.cspmarket.catalog.offer.query.CatalogViews.PriceChange;
import com.cspmarket.catalog.offer.query.CatalogViews.PriceListRow;
import com.cspmarket.catalog.offer.query.PriceList;
import com.cspmarket.kit.BusinessException;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** "Export price list": every price in force on a date, as CSV or XLSX, streamed; and the daily change list. */
@RestController
class PriceListController {

    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");
    private static final List<String> COLUMNS = List.of("OfferId", "OfferName", "Publisher", "SkuId", "SkuName",
            "TermDuration", "BillingCycle", "Market", "Currency", "UnitPrice", "EffectiveFrom");

    private final PriceList priceList;
    private final Clock clock;

    PriceListController(PriceList priceList, Clock clock) {
        this.priceList = priceList;
        this.clock = clock;
    }

    @GetMapping("/v1/price-list")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "csv") String format,
                                                 @RequestParam(required = false) String market,
                                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        Countries.require(market);
        LocalDate day = date == null ? LocalDate.now(clock) : date;
        String name = "price-list-" + day + (market == null ? "" : "-" + market);
        return switch (format) {
            case "csv" -> ResponseEntity.ok().contentType(CSV).header(HttpHeaders.CONTENT_DISPOSITION,
                    attachment(name + ".csv")).body(out -> writeCsv(day, market, out));
            case "xlsx" -> ResponseEntity.ok().contentType(XLSX).header(HttpHeaders.CONTENT_DISPOSITION,
                    attachment(name + ".xlsx")).body(out -> writeXlsx(day, market, out));
            default -> throw new BusinessException("invalid-format", HttpStatus.BAD_REQUEST, "format must be csv or xlsx");
        };
    }

    /** Prices in force on {@code until} (default today) that differ from those in force on {@code since}. */
    @GetMapping("/v1/price-changes")
    Map<String, Object> changes(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate since,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate until,
                                @RequestParam(required = false) String market) {
        Countries.require(market);
        LocalDate to = until == null ? LocalDate.now(clock) : until;
        if (to.isBefore(since)) {
            throw new BusinessException("invalid-range", HttpStatus.BAD_REQUEST, "until must not be before since");
        }
        List<PriceChange> items = priceList.changes(since, to, market);
        return Map.of("since", since, "until", to, "totalCount", items.size(), "items", items);
    }

    private void writeCsv(LocalDate day, String market, java.io.OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        writer.write(String.join(",", COLUMNS));
        writer.write("\r\n");
        priceList.stream(day, market, row -> {
            try {
                writer.write(String.join(",", csv(row.offerId()), csv(row.offerName()), csv(row.publisherName()),
                        csv(row.skuId()), csv(row.skuName()), row.term(), row.billingCycle(), row.market(),
                        row.currency(), row.unitPrice().toPlainString(), row.effectiveFrom().toString()));
                writer.write("\r\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.flush();
    }

    private void writeXlsx(LocalDate day, String market, java.io.OutputStream out) throws IOException {
        SXSSFWorkbook workbook = new SXSSFWorkbook(500);
        try {
            SXSSFSheet sheet = workbook.createSheet("Price list " + day);
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            CellStyle dateStyle = workbook.createCellStyle();
            dateStyle.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            Row first = sheet.createRow(0);
            for (int c = 0; c < COLUMNS.size(); c++) {
                first.createCell(c).setCellValue(COLUMNS.get(c));
                first.getCell(c).setCellStyle(header);
            }
            sheet.createFreezePane(0, 1);
            int[] next = {1};
            priceList.stream(day, market, row -> xlsxRow(sheet.createRow(next[0]++), row, dateStyle));
            workbook.write(out);
        } finally {
            workbook.close();
            workbook.dispose();
        }
    }

    private static void xlsxRow(Row row, PriceListRow p, CellStyle dateStyle) {
        String[] text = {p.offerId(), p.offerName(), p.publisherName(), p.skuId(), p.skuName(), p.term(),
                p.billingCycle(), p.market(), p.currency()};
        for (int c = 0; c < text.length; c++) {
            row.createCell(c).setCellValue(text[c]);
        }
        // the exact decimal as a number cell: prices have at most 4 decimals, well inside a double's exact range
        row.createCell(9).setCellValue(p.unitPrice().doubleValue());
        row.createCell(10).setCellValue(p.effectiveFrom());
        row.getCell(10).setCellStyle(dateStyle);
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static String attachment(String filename) {
        return ContentDisposition.attachment().filename(filename).build().toString();
    }
}

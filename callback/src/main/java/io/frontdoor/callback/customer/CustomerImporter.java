package io.frontdoor.callback.customer;

import io.frontdoor.callback.store.StoreUnavailableException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Loads customers from CSV. Columns: {@code id,phone,name,salutation,tier,language} required,
 * {@code flags} optional; {@code phone} and {@code flags} list several values separated by
 * {@code ;}. A re-import updates customers by id (their numbers are replaced). Each bad line is
 * reported with its line number and skipped; the valid lines go in one transaction, so a crash
 * mid-import leaves the store as it was.
 */
public final class CustomerImporter {
    static final List<String> REQUIRED = List.of("id", "phone", "name", "salutation", "tier", "language");
    static final List<String> OPTIONAL = List.of("flags");
    private static final int BATCH = 1_000;
    private static final int MAX_ERRORS_KEPT = 1_000;

    private final DataSource dataSource;
    private final PhoneNumbers phones;
    private final Set<String> languages;

    /**
     * @param languages the languages FrontDoor serves ("en", "zh"); others are refused per line
     */
    public CustomerImporter(DataSource dataSource, PhoneNumbers phones, Set<String> languages) {
        this.dataSource = dataSource;
        this.phones = phones;
        this.languages = Set.copyOf(languages);
    }

    /**
     * Imports a CSV file.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the header lacks a required column
     * @throws StoreUnavailableException when the database fails (nothing is imported)
     */
    public ImportReport importFile(Path csv) throws IOException {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return importFrom(reader);
        }
    }

    /** Imports CSV text; see {@link #importFile}. */
    public ImportReport importFrom(Reader reader) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setTrim(true).get();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int imported = 0;
        int rejected = 0;
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get();
                Connection con = dataSource.getConnection()) {
            Map<String, Integer> header = lowerCaseHeader(parser.getHeaderMap());
            checkHeader(header, warnings);
            con.setAutoCommit(false);
            try (Writer writer = new Writer(con)) {
                Map<String, Long> seen = new HashMap<>();
                for (CSVRecord record : parser) {
                    long line = lineOf(parser, record);
                    try {
                        Customer c = parse(record, header);
                        Long first = seen.putIfAbsent(c.id(), line);
                        if (first != null) {
                            throw new IllegalArgumentException("customer id " + c.id() + " already on line " + first);
                        }
                        writer.add(c);
                        imported++;
                    } catch (IllegalArgumentException e) {
                        rejected++;
                        if (errors.size() < MAX_ERRORS_KEPT) {
                            errors.add("line " + line + ": " + e.getMessage());
                        }
                    }
                }
                writer.flush();
                con.commit();
            } catch (SQLException | RuntimeException e) {
                con.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("import failed, nothing imported: " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return new ImportReport(imported, rejected, errors, warnings);
    }

    private static long lineOf(CSVParser parser, CSVRecord record) {
        // the physical line where the record ends: right for one-line records, and a quoted
        // multi-line field still points the admin at the record
        return parser.getCurrentLineNumber() > 0 ? parser.getCurrentLineNumber() : record.getRecordNumber() + 1;
    }

    private static Map<String, Integer> lowerCaseHeader(Map<String, Integer> raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("the file is empty: expected a header line with "
                    + String.join(",", REQUIRED));
        }
        Map<String, Integer> out = new HashMap<>();
        raw.forEach((k, v) -> out.put(k.trim().toLowerCase(Locale.ROOT), v));
        return out;
    }

    private static void checkHeader(Map<String, Integer> header, List<String> warnings) {
        List<String> missing = REQUIRED.stream().filter(c -> !header.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("line 1: missing column(s) " + String.join(",", missing)
                    + " (required: " + String.join(",", REQUIRED) + ")");
        }
        header.keySet().stream().filter(c -> !REQUIRED.contains(c) && !OPTIONAL.contains(c)).sorted()
                .forEach(c -> warnings.add("line 1: unknown column '" + c + "' ignored"));
    }

    private Customer parse(CSVRecord record, Map<String, Integer> header) {
        String id = field(record, header, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id is empty");
        }
        if (id.length() > 64) {
            throw new IllegalArgumentException("id is longer than 64 characters");
        }
        String name = field(record, header, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name is empty");
        }
        if (name.length() > 200) {
            throw new IllegalArgumentException("name is longer than 200 characters");
        }
        String salutation = field(record, header, "salutation");
        if (salutation.length() > 40) {
            throw new IllegalArgumentException("salutation is longer than 40 characters");
        }
        Tier tier = Tier.parse(field(record, header, "tier"));
        String language = field(record, header, "language").toLowerCase(Locale.ROOT);
        if (!languages.contains(language)) {
            throw new IllegalArgumentException("language '" + language + "' is not served (served: "
                    + String.join(", ", new java.util.TreeSet<>(languages)) + ")");
        }
        Set<String> numbers = new LinkedHashSet<>();
        for (String raw : split(field(record, header, "phone"))) {
            try {
                numbers.add(phones.toE164OrExplain(raw));
            } catch (PhoneNumbers.InvalidNumberException e) {
                throw new IllegalArgumentException("phone " + e.getMessage());
            }
        }
        if (numbers.isEmpty()) {
            throw new IllegalArgumentException("phone is empty");
        }
        Set<String> flags = header.containsKey("flags") ? new LinkedHashSet<>(split(field(record, header, "flags")))
                : Set.of();
        return new Customer(id, name, salutation, tier, language, flags, numbers);
    }

    private static String field(CSVRecord record, Map<String, Integer> header, String column) {
        int index = header.get(column);
        if (index >= record.size()) {
            throw new IllegalArgumentException("has " + record.size() + " field(s), column '" + column + "' missing");
        }
        return record.get(index).trim();
    }

    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String part : list.split(";")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /** Batched upserts: standard SQL MERGE, which H2 and PostgreSQL 15+ both run. */
    private static final class Writer implements AutoCloseable {
        private final PreparedStatement upsert;
        private final PreparedStatement dropPhones;
        private final PreparedStatement addPhone;
        private int pending;

        Writer(Connection con) throws SQLException {
            upsert = con.prepareStatement("merge into customer t using (values (?, ?, ?, ?, ?, ?, ?))"
                    + " s(id, name, salutation, tier, language, flags, updated_at) on t.id = s.id"
                    + " when matched then update set name = s.name, salutation = s.salutation, tier = s.tier,"
                    + " language = s.language, flags = s.flags, updated_at = s.updated_at"
                    + " when not matched then insert (id, name, salutation, tier, language, flags, updated_at)"
                    + " values (s.id, s.name, s.salutation, s.tier, s.language, s.flags, s.updated_at)");
            dropPhones = con.prepareStatement("delete from customer_phone where customer_id = ?");
            addPhone = con.prepareStatement("insert into customer_phone (customer_id, phone) values (?, ?)");
        }

        void add(Customer c) {
            try {
                upsert.setString(1, c.id());
                upsert.setString(2, c.name());
                upsert.setString(3, c.salutation());
                upsert.setString(4, c.tier().name());
                upsert.setString(5, c.language());
                upsert.setString(6, String.join(",", c.flags()));
                upsert.setObject(7, java.time.OffsetDateTime.ofInstant(Instant.now(), java.time.ZoneOffset.UTC));
                upsert.addBatch();
                dropPhones.setString(1, c.id());
                dropPhones.addBatch();
                for (String phone : c.phones()) {
                    addPhone.setString(1, c.id());
                    addPhone.setString(2, phone);
                    addPhone.addBatch();
                }
                if (++pending >= BATCH) {
                    flush();
                }
            } catch (SQLException e) {
                throw new StoreUnavailableException("import failed, nothing imported: " + e.getMessage(), e);
            }
        }

        void flush() throws SQLException {
            if (pending == 0) {
                return;
            }
            upsert.executeBatch();
            dropPhones.executeBatch();
            addPhone.executeBatch();
            pending = 0;
        }

        @Override
        public void close() throws SQLException {
            upsert.close();
            dropPhones.close();
            addPhone.close();
        }
    }

}

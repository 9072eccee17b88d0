package io.frontdoor.ivr.freeswitch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mod_callcenter's list output ({@code callcenter_config agent list}, {@code tier list},
 * {@code queue list members Q}): a header line of {@code |}-separated names, one line per row,
 * then {@code +OK}. An empty list is {@code +OK} alone.
 */
final class CallcenterTable {
    private CallcenterTable() {
    }

    /**
     * @return one map per row, column name to value
     * @throws IllegalArgumentException when the output is not such a table (no {@code +OK}, a row
     *                                  with the wrong number of columns)
     */
    static List<Map<String, String>> parse(String output) {
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty() || !lines.get(lines.size() - 1).equals("+OK")) {
            throw new IllegalArgumentException("not a mod_callcenter list (no +OK at the end): " + firstLine(output));
        }
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.size() == 1) {
            return rows;
        }
        String[] names = lines.get(0).split("\\|", -1);
        for (String line : lines.subList(1, lines.size() - 1)) {
            String[] values = line.split("\\|", -1);
            if (values.length != names.length) {
                throw new IllegalArgumentException("a mod_callcenter row with " + values.length + " columns, header has "
                        + names.length + ": " + line);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                row.put(names[i], values[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

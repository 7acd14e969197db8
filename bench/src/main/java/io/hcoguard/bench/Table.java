package io.hcoguard.bench;

import java.util.ArrayList;
import java.util.List;

/** Rows of cells printed as `column -t` printed them: every column but the last padded to its widest cell, two spaces apart. */
final class Table {

    private final List<List<String>> rows = new ArrayList<>();

    Table row(Object... cells) {
        rows.add(java.util.Arrays.stream(cells).map(String::valueOf).toList());
        return this;
    }

    void print() {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        rows.forEach(row -> {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        });
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                line.append(c == row.size() - 1 ? row.get(c) : ("%-" + (widths[c] + 2) + "s").formatted(row.get(c)));
            }
            System.out.println(line);
        }
    }
}

package org.ktcj.backend.npu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kneron's operator table, {@code operators.md}, read at test time so the chip descriptions can be
 * compared with it: for each operator and chip, Y or N and the numbers of its conditions and notes; and
 * the numbered notes, with those that are only "-".
 *
 * @param chips     the chip columns, "520", "720", ...
 * @param cells     by operator, by chip
 * @param noteTexts the text of every numbered note, "-" for the unused numbers
 */
public record OperatorsDoc(List<String> chips, Map<String, Map<String, Cell>> cells, Map<Integer, String> noteTexts) {
    /** The file below the reference directory. */
    public static final String FILE = "kneron-docs-2026/operators.md";
    /** System property naming the reference directory, when it is not found beside the checkout. */
    public static final String PROPERTY = "ktc.reference.dir";

    /** The table's misspellings of ONNX names. */
    private static final Map<String, String> ONNX_NAMES = Map.of("Col2lm", "Col2Im");
    private static final Pattern CELL = Pattern.compile("([YN])(?:<sub>(\\d+)</sub>)?");
    private static final Pattern NOTE = Pattern.compile("^(\\d+)\\.\\s+(.*)$");

    /**
     * One cell: whether the NPU runs the operator, and the note it refers to, if any.
     *
     * @param note the note number, or 0
     */
    public record Cell(boolean npu, int note) {
    }

    /**
     * Finds operators.md: below the directory the system property names, else in {@code shared/reference}
     * or {@code reference} beside the working directory or any directory above it.
     */
    public static Optional<Path> locate() {
        String dir = System.getProperty(PROPERTY);
        if (dir != null) {
            Path p = Path.of(dir).resolve(FILE);
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            for (String sub : new String[] {"shared/reference", "reference"}) {
                Path p = d.resolve(sub).resolve(FILE);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    public static OperatorsDoc parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> chips = new ArrayList<>();
        Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
        Map<Integer, String> notes = new TreeMap<>();
        for (String line : lines) {
            String t = line.trim();
            if (t.startsWith("|")) {
                row(t, chips, cells);
            } else {
                Matcher m = NOTE.matcher(t);
                if (m.matches()) {
                    notes.put(Integer.parseInt(m.group(1)), m.group(2).trim());
                }
            }
        }
        if (chips.isEmpty() || cells.isEmpty()) {
            throw new IllegalStateException(file + " has no operator table");
        }
        return new OperatorsDoc(List.copyOf(chips), cells, notes);
    }

    private static void row(String line, List<String> chips, Map<String, Map<String, Cell>> cells) {
        String[] f = line.substring(1, line.length() - 1).split("\\|");
        String first = f[0].trim();
        if (first.equals("Node")) {
            for (int i = 1; i < f.length; i++) {
                chips.add(f[i].trim());
            }
            return;
        }
        if (first.startsWith("-")) {
            return;
        }
        Map<String, Cell> byChip = new LinkedHashMap<>();
        for (int i = 1; i < f.length; i++) {
            Matcher m = CELL.matcher(f[i].trim());
            if (!m.matches()) {
                throw new IllegalStateException("cell '" + f[i].trim() + "' of " + first + " is neither Y nor N");
            }
            byChip.put(chips.get(i - 1), new Cell(m.group(1).equals("Y"), m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
        }
        cells.put(ONNX_NAMES.getOrDefault(first, first), byChip);
    }

    /** The cell of an operator for a chip. */
    public Cell cell(String operator, String chip) {
        return cells.get(operator).get(chip);
    }
}

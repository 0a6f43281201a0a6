package dev.twofa.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the tables and ratios of one JMH run from its CSV result file ({@code -rf csv}): the TOTP
 * table (ops/µs and B/op per library, operation and algorithm), the ratios against the performance targets,
 * and every other benchmark (such as QR rendering) as a plain list.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.twofa.benchmarks.Report results.csv}. Not
 * thread-safe; a command-line tool.
 */
public final class Report {

    private static final String[] ALGORITHMS = {"SHA1", "SHA256", "SHA512"};
    private static final String[][] LIBRARIES = {
        {"HmacFloorBenchmark", "floor (bare Mac)"},
        {"TwofaBenchmark", "twofa"},
        {"JavaOtpBenchmark", "java-otp 0.4.0"},
        {"JavaOtpKeyReusedBenchmark", "java-otp 0.4.0, Key reused"},
        {"OtpJavaBenchmark", "otp-java 2.1.0"},
        {"JavaTotpBenchmark", "java-totp 1.7.1"},
        {"GoogleAuthBenchmark", "GoogleAuth 1.5.0"},
    };
    private static final String[] OPERATIONS = {"bareMac", "generate", "verifyValid", "verifyWrong"};

    /** One row of the CSV: a primary score, with its allocation per operation when measured. */
    private static final class Row {
        String unit;
        double score;
        double error;
        double bytesPerOp = Double.NaN;
    }

    private Report() {}

    /**
     * Prints the report.
     *
     * @param args the CSV file
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report <jmh-results.csv>");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        List<String> header = parseCsvLine(lines.get(0));
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = parseCsvLine(line);
            String benchmark = cells.get(0);
            StringBuilder params = new StringBuilder();
            for (int i = 7; i < cells.size() && i < header.size(); i++) {
                if (!cells.get(i).isEmpty()) {
                    params.append(params.length() == 0 ? "" : ",")
                            .append(header.get(i).replace("Param: ", "")).append('=').append(cells.get(i));
                }
            }
            int secondary = benchmark.indexOf(':');
            String name = secondary < 0 ? benchmark : benchmark.substring(0, secondary);
            String key = shortName(name) + "|" + params;
            Row row = rows.computeIfAbsent(key, k -> new Row());
            double score = Double.parseDouble(cells.get(4));
            if (secondary < 0) {
                row.score = score;
                row.error = parseOrNaN(cells.get(5));
                row.unit = cells.get(6);
            } else if (benchmark.endsWith("gc.alloc.rate.norm")) {
                row.bytesPerOp = score;
            }
        }

        printTotpTable(rows);
        printRatios(rows);
        printOthers(rows);
        printQrRatios(rows);
        printLoginRatios(rows);
    }

    /** The TOTP table, one line per library and operation that ran; nothing if none did. */
    private static void printTotpTable(Map<String, Row> rows) {
        List<String> lines = new ArrayList<>();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "| %-34s | %-11s |", "library", "operation"));
        StringBuilder rule = new StringBuilder("|------------------------------------|-------------|");
        for (String algorithm : ALGORITHMS) {
            head.append(String.format(Locale.ROOT, " %8s ops/us | %6s B/op |", algorithm, algorithm));
            rule.append("----------------:|------------:|");
        }
        for (String[] library : LIBRARIES) {
            for (String operation : OPERATIONS) {
                if (get(rows, library[0], operation, "SHA1") == null && get(rows, library[0], operation, "SHA512") == null) {
                    continue;
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %-34s | %-11s |", library[1], operation));
                for (String algorithm : ALGORITHMS) {
                    Row r = get(rows, library[0], operation, algorithm);
                    line.append(r == null ? String.format("%16s |%12s |", "-", "-")
                            : String.format(Locale.ROOT, " %15.3f | %11.0f |", r.score, r.bytesPerOp));
                }
                lines.add(line.toString());
            }
        }
        printTable("TOTP: throughput (ops/us, higher is better) and allocation (B/op), one JMH run",
                head + "\n" + rule, lines);
    }

    /** The TOTP targets, for each algorithm whose floor and twofa rows ran; nothing if none did. */
    private static void printRatios(Map<String, Row> rows) {
        List<String> lines = new ArrayList<>();
        for (String algorithm : ALGORITHMS) {
            Row floor = get(rows, "HmacFloorBenchmark", "bareMac", algorithm);
            Row valid = get(rows, "TwofaBenchmark", "verifyValid", algorithm);
            Row wrong = get(rows, "TwofaBenchmark", "verifyWrong", algorithm);
            Row generate = get(rows, "TwofaBenchmark", "generate", algorithm);
            Row otpValid = get(rows, "JavaOtpBenchmark", "verifyValid", algorithm);
            Row otpWrong = get(rows, "JavaOtpBenchmark", "verifyWrong", algorithm);
            Row reusedValid = get(rows, "JavaOtpKeyReusedBenchmark", "verifyValid", algorithm);
            Row reusedWrong = get(rows, "JavaOtpKeyReusedBenchmark", "verifyWrong", algorithm);
            if (floor == null || valid == null || wrong == null || generate == null) {
                continue;
            }
            double third = floor.score / 3;
            double digests = 3 * floor.bytesPerOp;   // the three arrays Mac.doFinal returns
            lines.add("| " + algorithm
                    + " | " + ratio(valid.score / third, 0.85)
                    + " | " + ratio(wrong.score / third, 0.85)
                    + " | " + String.format(Locale.ROOT, "%.0f, %.0f <= %.0f %s", valid.bytesPerOp, wrong.bytesPerOp,
                            digests, valid.bytesPerOp <= digests + 0.5 && wrong.bytesPerOp <= digests + 0.5 ? "met" : "MISSED")
                    + " | " + ratio(generate.score / floor.score, 0.6)
                    + " | " + (otpValid == null || otpWrong == null ? "-"
                            : String.format(Locale.ROOT, "%.2f, %.2f", valid.score / otpValid.score,
                                    wrong.score / otpWrong.score))
                    + " | " + (reusedValid == null || reusedWrong == null ? "-"
                            : String.format(Locale.ROOT, "%.2f, %.2f", valid.score / reusedValid.score,
                                    wrong.score / reusedWrong.score))
                    + " |");
        }
        printTable("TOTP targets (ratios within this run): verify at least 0.85 of three bare HMACs, allocation no"
                + " more than the three digest arrays Mac returns, generate at least 0.6 of one HMAC; the ratio to"
                + " java-otp is shown for comparison (not a target).",
                "| algorithm | verify valid / (floor/3) >= 0.85 | wrong / (floor/3) >= 0.85 "
                + "| verify B/op (valid, wrong) <= 3 x floor | generate / floor >= 0.6 "
                + "| valid, wrong / java-otp (same work) | valid, wrong / java-otp (Key reused) |\n"
                + "|---|---|---|---|---|---|---|", lines);
    }

    /** The login-path targets, for the rows that ran: in memory against a bare verify, on PostgreSQL against bare statements. */
    private static void printLoginRatios(Map<String, Row> rows) {
        List<String> lines = new ArrayList<>();
        Row login = row(rows, "LoginBenchmark.completeLogin|");
        Row verify = row(rows, "LoginBenchmark.bareVerify|");
        Row proof = row(rows, "LoginBenchmark.proofDraw|");
        if (login != null && verify != null) {
            lines.add(String.format(Locale.ROOT, "| in memory: completeLogin time / bare verify time | %.2f | <= 1.5 %s |",
                    verify.score / login.score, verify.score / login.score <= 1.5 ? "met" : "MISSED"));
            if (proof != null) {   // times add up: 1/ops
                double floor = 1 / verify.score + 1 / proof.score;
                lines.add(String.format(Locale.ROOT, "| in memory: completeLogin time / (bare verify + proof draw) time | %.2f |"
                        + " (proposed <= 1.5: %s) |", (1 / login.score) / floor, (1 / login.score) / floor <= 1.5 ? "met" : "MISSED"));
            }
        }
        for (String threads : new String[] {"1Thread", "8Threads"}) {
            for (String nodes : new String[] {"1", "2"}) {
                Row pg = row(rows, "PostgresLoginBenchmark.login" + threads + "|nodes=" + nodes);
                Row floor = row(rows, "PostgresLoginBenchmark.floor" + threads + "|nodes=" + nodes);
                if (pg != null && floor != null) {
                    lines.add(String.format(Locale.ROOT, "| PostgreSQL %s, %s node(s): login / bare statements | %.2f | >= 0.8 %s |",
                            threads, nodes, pg.score / floor.score, pg.score / floor.score >= 0.8 ? "met" : "MISSED"));
                }
            }
            Row one = row(rows, "PostgresLoginBenchmark.login" + threads + "|nodes=1");
            Row two = row(rows, "PostgresLoginBenchmark.login" + threads + "|nodes=2");
            if (one != null && two != null) {
                lines.add(String.format(Locale.ROOT, "| PostgreSQL %s: 2 nodes / 1 node | %.2f | >= 1.6 %s |",
                        threads, two.score / one.score, two.score / one.score >= 1.6 ? "met" : "MISSED"));
            }
        }
        printTable("Login-path targets (within this run)", "| ratio | value | target |\n|---|---:|---|", lines);
    }

    /** Prints a title, the table's head and its lines, or nothing at all when there are no lines. */
    private static void printTable(String title, String head, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println(title);
        System.out.println();
        System.out.println(head);
        lines.forEach(System.out::println);
    }

    private static void printOthers(Map<String, Row> rows) {
        List<String> others = new ArrayList<>();
        for (String key : rows.keySet()) {
            String benchmark = key.substring(0, key.indexOf('.'));
            boolean totp = false;
            for (String[] library : LIBRARIES) {
                totp |= library[0].equals(benchmark);
            }
            if (!totp) {
                others.add(key);
            }
        }
        if (others.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("Other benchmarks");
        System.out.println();
        System.out.println("| benchmark | params | score | error | unit | B/op |");
        System.out.println("|---|---|---:|---:|---|---:|");
        for (String key : others) {
            Row r = rows.get(key);
            String[] parts = key.split("\\|", -1);
            System.out.println(String.format(Locale.ROOT, "| %s | %s | %.4f | %.4f | %s | %.0f |",
                    parts[0], parts[1], r.score, r.error, r.unit, r.bytesPerOp));
        }
    }

    /** The QR targets, if QrBenchmark ran (times per operation: lower is better). */
    private static void printQrRatios(Map<String, Row> rows) {
        Row svg = rows.get("QrBenchmark.twofaSvg|");
        Row png = rows.get("QrBenchmark.twofaPng|");
        Row encode = rows.get("QrBenchmark.zxingEncode|");
        Row javaTotpPng = rows.get("QrBenchmark.javaTotpPng|");
        if (svg == null || png == null || encode == null || javaTotpPng == null
                || !svg.unit.equals(encode.unit) || !png.unit.equals(javaTotpPng.unit)) {
            return;
        }
        System.out.println();
        System.out.println("QR targets (time per operation)");
        System.out.println();
        double svgRatio = svg.score / encode.score;
        double pngRatio = png.score / javaTotpPng.score;
        System.out.println(String.format(Locale.ROOT, "- twofa SVG / zxing bare encode = %.2f (target <= 1.2: %s)",
                svgRatio, svgRatio <= 1.2 ? "met" : "MISSED"));
        System.out.println(String.format(Locale.ROOT, "- twofa PNG / java-totp PNG = %.2f (target <= 0.3: %s)",
                pngRatio, pngRatio <= 0.3 ? "met" : "MISSED"));
    }

    private static String ratio(double value, double target) {
        return String.format(Locale.ROOT, "%.2f %s", value, value >= target ? "met" : "MISSED");
    }

    private static Row get(Map<String, Row> rows, String benchmark, String operation, String algorithm) {
        return row(rows, benchmark + "." + operation + "|algorithm=" + algorithm);
    }

    /** Returns the row of a key such as {@code LoginBenchmark.completeLogin|} if its primary score ran. */
    private static Row row(Map<String, Row> rows, String key) {
        Row row = rows.get(key);
        return row == null || row.unit == null ? null : row;
    }

    private static String shortName(String fullName) {
        String[] parts = fullName.split("\\.");
        return parts.length < 2 ? fullName : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    private static double parseOrNaN(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Splits one line of JMH's CSV: fields separated by commas, optionally in double quotes. */
    static List<String> parseCsvLine(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}

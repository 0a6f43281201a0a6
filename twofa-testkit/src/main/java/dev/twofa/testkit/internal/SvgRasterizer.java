package dev.twofa.testkit.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Paints an SVG document of the kind QR code renderers write into a {@link GrayImage}, without AWT:
 * {@code <rect>} and {@code <path>} elements filled in document order on a white canvas.
 *
 * <p>Supported: the root's {@code viewBox} (else its {@code width} and {@code height}); {@code <rect
 * x y width height fill>}; {@code <path d fill>} with the commands {@code M m L l H h V v Z z}
 * (straight lines only, which is all a QR code needs), filled with the nonzero rule; {@code fill}
 * as {@code #rgb}, {@code #rrggbb}, {@code black}, {@code white} or {@code none}, black when absent.
 * twofa-totp's {@code QrCode} writes a white {@code rect} and one black {@code path} of {@code M x
 * y h n v1 h-n z} runs. Refused with an {@link IllegalArgumentException}: {@code transform}
 * attributes, curves and arcs, other fill values. {@code style} attributes and other elements are
 * ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class SvgRasterizer {

    /** Pixels along the longer side of the painted image, about. */
    static final int TARGET_PIXELS = 600;

    /** The most pixels per user unit. */
    static final double MAX_SCALE = 8;

    private static final Pattern SVG_TAG = Pattern.compile("<svg\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHAPE = Pattern.compile("<(rect|path)\\b([^>]*?)/?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z_:][-A-Za-z0-9_:.]*)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");
    private static final Pattern PATH_TOKEN = Pattern.compile(
            "([MmLlHhVvZz])|([-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?)|([,\\s]+)|(.)");
    private static final Pattern HEX = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");

    private SvgRasterizer() {
    }

    /**
     * Paints an SVG document.
     *
     * @param svg the document's text
     * @return the painted image, about {@value #TARGET_PIXELS} pixels on the longer side
     * @throws IllegalArgumentException if the document has no {@code <svg>} root with a size, or uses
     *     something not supported (see the class description)
     */
    public static GrayImage paint(String svg) {
        if (svg == null) {
            throw new IllegalArgumentException("SVG text must not be null");
        }
        if (svg.contains("transform=")) {
            throw new IllegalArgumentException("SVG transforms are not supported");
        }
        Matcher root = SVG_TAG.matcher(svg);
        if (!root.find()) {
            throw new IllegalArgumentException("not an SVG document: no <svg> element");
        }
        double[] box = viewBox(attribute(root.group(1), "viewBox"), attribute(root.group(1), "width"),
                attribute(root.group(1), "height"));
        double scale = Math.min(MAX_SCALE, TARGET_PIXELS / Math.max(box[2], box[3]));
        int width = Math.max(1, (int) Math.round(box[2] * scale));
        int height = Math.max(1, (int) Math.round(box[3] * scale));
        byte[] canvas = new byte[width * height];
        Arrays.fill(canvas, (byte) 0xFF);
        Matcher shape = SHAPE.matcher(svg.substring(root.end()));
        while (shape.find()) {
            String attributes = shape.group(2);
            Integer colour = fill(attribute(attributes, "fill"));
            if (colour == null) {
                continue;
            }
            List<double[][]> polygons = shape.group(1).equalsIgnoreCase("rect") ? rect(attributes) : path(attributes);
            fill(canvas, width, height, box, scale, polygons, colour.byteValue());
        }
        return new GrayImage(width, height, canvas);
    }

    private static double[] viewBox(String viewBox, String width, String height) {
        if (viewBox != null) {
            String[] parts = viewBox.trim().split("[\\s,]+");
            if (parts.length == 4) {
                double[] box = {number(parts[0]), number(parts[1]), number(parts[2]), number(parts[3])};
                if (box[2] > 0 && box[3] > 0) {
                    return box;
                }
            }
            throw new IllegalArgumentException("SVG viewBox must be four numbers with a positive width and height");
        }
        if (width == null || height == null) {
            throw new IllegalArgumentException("SVG root has neither a viewBox nor a width and height");
        }
        double w = number(width.replaceFirst("px$", ""));
        double h = number(height.replaceFirst("px$", ""));
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("SVG width and height must be positive");
        }
        return new double[] {0, 0, w, h};
    }

    private static String attribute(String attributes, String name) {
        Matcher m = ATTRIBUTE.matcher(attributes);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(3) != null ? m.group(3) : m.group(4);
            }
        }
        return null;
    }

    /** Returns the luminance of a fill, or null for none. */
    private static Integer fill(String value) {
        if (value == null) {
            return 0;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "none", "transparent":
                return null;
            case "black":
                return 0;
            case "white":
                return 255;
            default:
                break;
        }
        Matcher hex = HEX.matcher(v);
        if (!hex.matches()) {
            throw new IllegalArgumentException("SVG fill " + printable(value) + " is not supported (use #rgb, "
                    + "#rrggbb, black, white or none)");
        }
        String digits = hex.group(1);
        if (digits.length() == 3) {
            digits = "" + digits.charAt(0) + digits.charAt(0) + digits.charAt(1) + digits.charAt(1)
                    + digits.charAt(2) + digits.charAt(2);
        }
        int rgb = Integer.parseInt(digits, 16);
        return (((rgb >> 16) & 0xFF) * 299 + ((rgb >> 8) & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000;
    }

    private static List<double[][]> rect(String attributes) {
        double x = optionalNumber(attribute(attributes, "x"));
        double y = optionalNumber(attribute(attributes, "y"));
        String w = attribute(attributes, "width");
        String h = attribute(attributes, "height");
        if (w == null || h == null) {
            throw new IllegalArgumentException("SVG rect needs a width and a height");
        }
        double width = number(w);
        double height = number(h);
        return java.util.Collections.singletonList(new double[][] {{x, y}, {x + width, y}, {x + width, y + height}, {x, y + height}});
    }

    private static List<double[][]> path(String attributes) {
        String d = attribute(attributes, "d");
        if (d == null) {
            return List.of();
        }
        List<double[][]> polygons = new ArrayList<>();
        List<double[]> current = new ArrayList<>();
        List<Object> tokens = new ArrayList<>();
        Matcher m = PATH_TOKEN.matcher(d);
        while (m.find()) {
            if (m.group(1) != null) {
                tokens.add(m.group(1).charAt(0));
            } else if (m.group(2) != null) {
                tokens.add(Double.parseDouble(m.group(2)));
            } else if (m.group(4) != null) {
                throw new IllegalArgumentException("SVG path command " + printable(m.group(4))
                        + " is not supported (only M L H V Z, absolute or relative)");
            }
        }
        double x = 0;
        double y = 0;
        double startX = 0;
        double startY = 0;
        char command = 0;
        int i = 0;
        while (i < tokens.size()) {
            Object token = tokens.get(i);
            if (token instanceof Character c) {
                command = c;
                i++;
                if (command == 'Z' || command == 'z') {
                    close(polygons, current);
                    current = new ArrayList<>();
                    x = startX;
                    y = startY;
                }
                continue;
            }
            if (command == 0 || command == 'Z' || command == 'z') {
                throw new IllegalArgumentException("SVG path data has a number without a command");
            }
            boolean relative = Character.isLowerCase(command);
            switch (Character.toUpperCase(command)) {
                case 'M', 'L' -> {
                    double nx = next(tokens, i) + (relative ? x : 0);
                    double ny = next(tokens, i + 1) + (relative ? y : 0);
                    i += 2;
                    if (Character.toUpperCase(command) == 'M') {
                        close(polygons, current);
                        current = new ArrayList<>();
                        startX = nx;
                        startY = ny;
                        command = relative ? 'l' : 'L'; // further pairs are line-tos
                    }
                    x = nx;
                    y = ny;
                }
                case 'H' -> {
                    x = next(tokens, i++) + (relative ? x : 0);
                }
                case 'V' -> {
                    y = next(tokens, i++) + (relative ? y : 0);
                }
                default -> throw new AssertionError("command " + command);
            }
            current.add(new double[] {x, y});
        }
        close(polygons, current);
        return polygons;
    }

    private static double next(List<Object> tokens, int i) {
        if (i >= tokens.size() || !(tokens.get(i) instanceof Double value)) {
            throw new IllegalArgumentException("SVG path data ends a command early");
        }
        return value;
    }

    private static void close(List<double[][]> polygons, List<double[]> points) {
        if (points.size() >= 3) {
            polygons.add(points.toArray(new double[0][]));
        }
    }

    /** Fills the polygons (nonzero rule), sampling each pixel at its centre. */
    private static void fill(byte[] canvas, int width, int height, double[] box, double scale,
            List<double[][]> polygons, byte colour) {
        List<double[]> edges = new ArrayList<>();
        for (double[][] polygon : polygons) {
            for (int k = 0; k < polygon.length; k++) {
                double[] a = polygon[k];
                double[] b = polygon[(k + 1) % polygon.length];
                if (a[1] != b[1]) {
                    edges.add(new double[] {a[0], a[1], b[0], b[1]});
                }
            }
        }
        double[] crossings = new double[edges.size()];
        int[] directions = new int[edges.size()];
        for (int py = 0; py < height; py++) {
            double sy = box[1] + (py + 0.5) / scale;
            int n = 0;
            for (double[] e : edges) {
                double y0 = e[1];
                double y1 = e[3];
                boolean down = y0 < y1;
                double lo = down ? y0 : y1;
                double hi = down ? y1 : y0;
                if (sy < lo || sy >= hi) {
                    continue;
                }
                crossings[n] = e[0] + (sy - y0) * (e[2] - e[0]) / (y1 - y0);
                directions[n] = down ? 1 : -1;
                n++;
            }
            Integer[] order = new Integer[n];
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            double[] xs = crossings;
            Arrays.sort(order, (p, q) -> Double.compare(xs[p], xs[q]));
            int winding = 0;
            for (int k = 0; k < n; k++) {
                int index = order[k];
                int before = winding;
                winding += directions[index];
                if (before == 0 && winding != 0) {
                    double startX = crossings[index];
                    double endX = startX;
                    int w = winding;
                    int j = k + 1;
                    for (; j < n; j++) {
                        w += directions[order[j]];
                        if (w == 0) {
                            endX = crossings[order[j]];
                            break;
                        }
                    }
                    paintSpan(canvas, width, py, (startX - box[0]) * scale, (endX - box[0]) * scale, colour);
                    winding = 0;
                    k = j;
                }
            }
        }
    }

    /** Paints the pixels of row {@code py} whose centres lie in [from, to). */
    private static void paintSpan(byte[] canvas, int width, int py, double from, double to, byte colour) {
        int first = (int) Math.max(0, Math.ceil(from - 0.5));
        int last = (int) Math.min(width, Math.ceil(to - 0.5));
        for (int px = first; px < last; px++) {
            canvas[py * width + px] = colour;
        }
    }

    private static double number(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SVG attribute " + printable(text) + " is not a number");
        }
    }

    private static double optionalNumber(String text) {
        return text == null ? 0 : number(text);
    }

    private static String printable(String text) {
        String cut = text.length() > 20 ? text.substring(0, 20) + "..." : text;
        return "\"" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }
}

package dev.twofa.examples;

import dev.twofa.totp.QrCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the terminal demo prints and reads: headings, outcomes in words, prompts, and visible
 * countdowns while it waits. Colours only on a terminal and only without {@code NO_COLOR}
 * (<a href="https://no-color.org">no-color.org</a>).
 *
 * <p>Not thread-safe: one demo run on one thread.
 */
final class DemoTerminal {

    private static final String BOLD = "\u001b[1m";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";

    /** How the demo lets time pass: a real run sleeps, {@code --auto} and tests move a settable clock. */
    @FunctionalInterface
    interface Waiter {

        /**
         * Lets this much time pass.
         *
         * @param time how long
         * @throws InterruptedException if the thread is interrupted while sleeping
         */
        void pass(Duration time) throws InterruptedException;
    }

    /** The input ended (or the wait was interrupted): the demo cannot go on. */
    static final class Stopped extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Stopped(String why) {
            super(why);
        }
    }

    private final PrintStream out;
    private final BufferedReader in;
    private final boolean terminal;
    private final boolean colour;
    private final Clock clock;
    private final Waiter waiter;

    DemoTerminal(PrintStream out, BufferedReader in, boolean terminal, Map<String, String> env, Clock clock,
            Waiter waiter) {
        this.out = out;
        this.in = in;
        this.terminal = terminal;
        String noColor = env.get("NO_COLOR");
        this.colour = terminal && (noColor == null || noColor.isEmpty());
        this.clock = clock;
        this.waiter = waiter;
    }

    /**
     * Returns the terminal background the QR code is drawn for: {@code --light} or {@code --dark} if
     * given, else the background colour in {@code COLORFGBG} ("foreground;background", as set by
     * rxvt, Konsole, iTerm2 and others: 7 and 9 to 15 are light), else dark, the common default.
     */
    static QrCode.TerminalBackground background(QrCode.TerminalBackground flag, Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        String fgbg = env.get("COLORFGBG");
        if (fgbg != null) {
            String[] parts = fgbg.split(";");
            try {
                int bg = Integer.parseInt(parts[parts.length - 1].trim());
                return bg == 7 || (bg >= 9 && bg <= 15) ? QrCode.TerminalBackground.LIGHT
                        : QrCode.TerminalBackground.DARK;
            } catch (NumberFormatException e) {
                return QrCode.TerminalBackground.DARK; // "default" or garbage: keep the common default
            }
        }
        return QrCode.TerminalBackground.DARK;
    }

    void title(String text) {
        out.println(style(BOLD, text));
    }

    void step(int number, String text) {
        out.println();
        out.println(style(BOLD, number + ". " + text));
    }

    void say(String text) {
        out.println("  " + text);
    }

    void raw(String text) {
        out.print(text);
    }

    /** Prints the outcome of a step in words, marked OK or FAIL, and returns the condition. */
    boolean outcome(boolean ok, String text) {
        out.println(ok ? style(GREEN, "  OK   ") + text : style(RED, "  FAIL ") + text);
        return ok;
    }

    /**
     * Prints the prompt and reads one line.
     *
     * @throws Stopped if the input ended
     */
    String ask(String prompt) {
        out.print("  " + prompt + ": ");
        out.flush();
        try {
            String line = in.readLine();
            if (line == null) {
                out.println();
                throw new Stopped("the input ended");
            }
            return line.trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints the prompt with the answer given for the customer ({@code --auto}). */
    void typed(String prompt, String answer) {
        out.println("  " + prompt + ": " + answer + "   (typed by --auto)");
    }

    /**
     * Waits until {@code until}, showing the seconds left: counting down on a terminal, one line
     * otherwise.
     *
     * @param what what becomes possible then, such as "Another SMS may be sent"
     * @throws Stopped if the wait is interrupted
     */
    void waitUntil(Instant until, String what) {
        if (!terminal) {
            out.println("  " + what + " in " + secondsUntil(until) + " s: waiting.");
        }
        try {
            while (clock.instant().isBefore(until)) {
                if (terminal) {
                    out.print("\r  " + what + " in " + secondsUntil(until) + " s: waiting...   ");
                    out.flush();
                }
                Duration left = Duration.between(clock.instant(), until);
                waiter.pass(left.compareTo(Duration.ofSeconds(1)) < 0 ? left : Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped("interrupted while waiting");
        }
        if (terminal) {
            out.print("\r" + " ".repeat(what.length() + 30) + "\r");
        }
    }

    /** Returns the whole seconds until the instant, rounded up. */
    long secondsUntil(Instant until) {
        long millis = Duration.between(clock.instant(), until).toMillis();
        return Math.max(0, (millis + 999) / 1000);
    }

    private String style(String code, String text) {
        return colour ? code + text + RESET : text;
    }
}

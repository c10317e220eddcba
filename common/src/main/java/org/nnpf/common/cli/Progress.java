package org.nnpf.common.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A one-line progress display on standard error for a long step: label, bar, done/total, rate,
 * ETA, elapsed time and a free status text, e.g.
 *
 * <pre>overfitting [##########..........]  50/100  12.5 frames/s  ETA 0:04  elapsed 0:04</pre>
 *
 * <p>It draws only when {@link #interactive()} (standard error is a terminal and
 * {@code NNPF_PROGRESS} is not {@code 0}) and the caller is not quiet; otherwise every method but
 * the counting is a no-op, so logs stay clean. The line is redrawn in place with {@code \r}, at most
 * every 100 ms on {@link #advance} and once a second while nothing advances (the elapsed time and
 * the ETA move on), and {@link #close} ends it with a line feed. Messages printed with
 * {@link #println} appear above the line. All methods are thread-safe.
 */
public final class Progress implements AutoCloseable {
  static final long MIN_INTERVAL_NANOS = 100_000_000L;
  private static final long TICK_MILLIS = 1000;
  private static final int BAR = 20;

  private final String label;
  private final long total;
  private final String unit;
  private final PrintStream sink;
  private final LongSupplier clock;
  private final boolean enabled;
  private final int width;
  private final long start;
  private final long initial;
  private final AtomicLong done;
  private final ScheduledExecutorService ticker;

  private volatile long lastDraw = Long.MIN_VALUE;
  private volatile String status = "";
  private int lastLength;
  private boolean drawn;
  private boolean closed;

  private Progress(String label, long total, long initial, String unit, PrintStream sink, LongSupplier clock,
      boolean enabled, int width, boolean tick) {
    this.label = label;
    this.total = total;
    this.initial = initial;
    this.unit = unit;
    this.sink = sink;
    this.clock = clock;
    this.enabled = enabled;
    this.width = width;
    this.start = clock.getAsLong();
    this.done = new AtomicLong(initial);
    if (enabled && tick) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nnpf-progress");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleAtFixedRate(() -> draw(true), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
  }

  /**
   * A progress display on {@code System.err}, drawn when standard error is interactive and not
   * {@code quiet}.
   *
   * @param label what is being done, e.g. {@code overfitting}
   * @param total the number of units of the step, or 0 when unknown (no bar, no ETA)
   * @param unit the name of a unit in the rate, e.g. {@code frames}
   * @param quiet true under {@code --quiet}: never draw
   */
  public static Progress start(String label, long total, String unit, boolean quiet) {
    return start(label, total, 0, unit, quiet);
  }

  /**
   * As {@link #start(String, long, String, boolean)}, with {@code initial} units already done
   * before the step started (they count in done/total but not in the rate, e.g. jobs skipped).
   */
  public static Progress start(String label, long total, long initial, String unit, boolean quiet) {
    return new Progress(label, total, initial, unit, System.err, System::nanoTime, !quiet && interactive(),
        columns(), true);
  }

  /** A display on {@code sink} with a given clock, for tests; draws when {@code enabled}, never ticks. */
  static Progress forTest(String label, long total, long initial, String unit, PrintStream sink, LongSupplier clock,
      boolean enabled, int width) {
    return new Progress(label, total, initial, unit, sink, clock, enabled, width, false);
  }

  /**
   * Whether standard error is an interactive terminal, and the display is not disabled.
   *
   * <ul>
   *   <li>{@code NNPF_PROGRESS=0} or {@code TERM=dumb} in the environment: no.
   *   <li>{@code NNPF_STDERR_TTY} set ({@code bin/nnpf-launch} sets it, because it passes Java's
   *       standard error through a filter): {@code 1} yes, anything else no.
   *   <li>Else, on Linux: whether {@code /proc/self/fd/2} is a terminal device.
   *   <li>Else: whether {@code System.console()} exists (standard input and output are terminals).
   * </ul>
   */
  public static boolean interactive() {
    if ("0".equals(System.getenv("NNPF_PROGRESS")) || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    String launcher = System.getenv("NNPF_STDERR_TTY");
    if (launcher != null) {
      return launcher.equals("1");
    }
    Path fd2 = Path.of("/proc/self/fd/2");
    if (Files.isSymbolicLink(fd2)) {
      try {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
      } catch (IOException | UnsupportedOperationException | SecurityException e) {
        return System.console() != null;
      }
    }
    return System.console() != null;
  }

  private static int columns() {
    try {
      int c = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
      return Math.max(40, Math.min(c, 200)) - 1;
    } catch (NumberFormatException e) {
      return 79;
    }
  }

  /** Whether the display draws. */
  public boolean enabled() {
    return enabled;
  }

  /** One more unit done. */
  public void advance() {
    advance(1);
  }

  /** {@code n} more units done. */
  public void advance(long n) {
    done.addAndGet(n);
    draw(false);
  }

  /** Units done so far (including the initial ones). */
  public long done() {
    return done.get();
  }

  /** Sets the status text shown after the numbers, e.g. {@code 2 running, 1 failed}. */
  public void status(String text) {
    status = text == null ? "" : text;
    draw(false);
  }

  /**
   * Prints {@code line} on the sink, above the progress line when drawing (the line is cleared,
   * the message printed, the line redrawn). When not drawing, the line is printed as it is.
   */
  public void println(String line) {
    synchronized (this) {
      if (enabled && drawn && !closed) {
        sink.print("\r" + " ".repeat(lastLength) + "\r");
        lastLength = 0;
      }
      sink.println(line);
      if (enabled && !closed) {
        render();
      }
      sink.flush();
    }
  }

  /** Draws the final state and ends the line (when drawing); idempotent. */
  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      if (enabled) {
        render();
        sink.println();
        sink.flush();
      }
      closed = true;
    }
  }

  private void draw(boolean force) {
    if (!enabled) {
      return;
    }
    long now = clock.getAsLong();
    if (!force && now - lastDraw < MIN_INTERVAL_NANOS && lastDraw != Long.MIN_VALUE) {
      return;
    }
    synchronized (this) {
      if (closed || (!force && now - lastDraw < MIN_INTERVAL_NANOS && lastDraw != Long.MIN_VALUE)) {
        return;
      }
      render();
      sink.flush();
    }
  }

  /** Draws the line; caller holds the lock. */
  private void render() {
    long now = clock.getAsLong();
    lastDraw = now;
    String text = line(now);
    int pad = Math.max(0, lastLength - text.length());
    sink.print("\r" + text + " ".repeat(pad));
    lastLength = text.length();
    drawn = true;
  }

  /**
   * The progress line at time {@code now}, at most {@code width} characters: label, bar,
   * done/total, rate, ETA, elapsed time, status. When too long, the elapsed time, then the rate,
   * then the bar are left out, then the line is cut.
   */
  String line(long now) {
    long d = done.get();
    double elapsed = Math.max(0, (now - start) / 1e9);
    String bar = "";
    String counts;
    if (total > 0) {
      int filled = (int) (BAR * Math.min(d, total) / total);
      bar = " [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
      counts = " " + d + "/" + total;
    } else {
      counts = " " + d;
    }
    double rate = elapsed > 0 ? (d - initial) / elapsed : 0;
    String rateText = d > initial && elapsed > 0 ? "  " + rate(rate) : "";
    String eta = total > 0 && d < total ? "  ETA " + (d > initial && rate > 0 ? duration((total - d) / rate) : "--") : "";
    String elapsedText = "  elapsed " + duration(elapsed);
    String s = status.isEmpty() ? "" : "  " + status;
    String[][] candidates = {
      {label, bar, counts, rateText, eta, elapsedText, s},
      {label, bar, counts, rateText, eta, s},
      {label, bar, counts, eta, s},
      {label, counts, eta, s},
    };
    String text = "";
    for (String[] parts : candidates) {
      text = String.join("", parts);
      if (text.length() <= width) {
        return text;
      }
    }
    return text.substring(0, width);
  }

  private String rate(double perSecond) {
    if (perSecond >= 1) {
      return String.format(Locale.ROOT, "%.1f %s/s", perSecond, unit);
    }
    if (perSecond * 60 >= 1) {
      return String.format(Locale.ROOT, "%.1f %s/min", perSecond * 60, unit);
    }
    return String.format(Locale.ROOT, "%.1f %s/h", perSecond * 3600, unit);
  }

  /** {@code m:ss} or {@code h:mm:ss}. */
  static String duration(double seconds) {
    long s = Math.round(Math.max(0, Math.min(seconds, 359_999_999)));
    long h = s / 3600;
    long m = (s / 60) % 60;
    long sec = s % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }
}

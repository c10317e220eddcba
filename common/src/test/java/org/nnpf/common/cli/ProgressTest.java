package org.nnpf.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream sink = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private Progress progress(long total, long initial, boolean enabled) {
    return Progress.forTest("overfitting", total, initial, "frames", sink, now::get, enabled, 120);
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static long count(String s, char c) {
    return s.chars().filter(x -> x == c).count();
  }

  @Test
  void disabledDisplayWritesNothingButCounts() {
    try (Progress p = progress(10, 0, false)) {
      p.advance();
      p.advance(4);
      p.status("2 running");
      assertEquals(5, p.done());
    }
    assertEquals("", text());
  }

  @Test
  void disabledDisplayPrintsMessagesPlainly() {
    try (Progress p = progress(10, 0, false)) {
      p.println("job 1 done");
    }
    assertEquals("job 1 done\n", text());
  }

  @Test
  void lineShowsBarCountsRateEtaAndElapsed() {
    Progress p = progress(100, 0, true);
    p.advance(50);
    now.addAndGet(4_000_000_000L);
    assertEquals("overfitting [##########..........] 50/100  12.5 frames/s  ETA 0:04  elapsed 0:04", p.line(now.get()));
    p.status("2 running, 1 failed");
    assertTrue(p.line(now.get()).endsWith("elapsed 0:04  2 running, 1 failed"));
  }

  @Test
  void slowRatesArePerMinuteOrPerHourAndUnknownEtaIsDashes() {
    Progress p = progress(10, 0, true);
    assertEquals("overfitting [....................] 0/10  ETA --  elapsed 0:00", p.line(now.get()));
    p.advance();
    now.addAndGet(120_000_000_000L);
    assertEquals("overfitting [##..................] 1/10  30.0 frames/h  ETA 18:00  elapsed 2:00", p.line(now.get()));
    p.advance(2);
    assertEquals("overfitting [######..............] 3/10  1.5 frames/min  ETA 4:40  elapsed 2:00", p.line(now.get()));
  }

  @Test
  void initialUnitsCountInTotalButNotInRate() {
    Progress p = progress(10, 6, true);
    p.advance();
    now.addAndGet(10_000_000_000L);
    assertEquals("overfitting [##############......] 7/10  6.0 frames/min  ETA 0:30  elapsed 0:10", p.line(now.get()));
  }

  @Test
  void unknownTotalShowsCountOnly() {
    Progress p = progress(0, 0, true);
    p.advance(3);
    now.addAndGet(1_000_000_000L);
    assertEquals("overfitting 3  3.0 frames/s  elapsed 0:01", p.line(now.get()));
  }

  @Test
  void redrawsAtMostEveryHundredMilliseconds() {
    try (Progress p = progress(1000, 0, true)) {
      for (int i = 0; i < 100; i++) {
        p.advance();
      }
      assertEquals(1, count(text(), '\r'));
      now.addAndGet(Progress.MIN_INTERVAL_NANOS - 1);
      p.advance();
      assertEquals(1, count(text(), '\r'));
      now.addAndGet(1);
      p.advance();
      assertEquals(2, count(text(), '\r'));
      assertTrue(text().endsWith("102/1000  1020.0 frames/s  ETA 0:01  elapsed 0:00"), text());
      assertTrue(text().startsWith("\roverfitting [....................] 1/1000  ETA --  elapsed 0:00"), text());
    }
  }

  @Test
  void closeDrawsTheFinalStateAndEndsTheLineOnce() {
    Progress p = progress(3, 0, true);
    p.advance();
    p.advance();
    p.advance();
    p.close();
    p.close();
    String t = text();
    assertTrue(t.matches("(?s).*\roverfitting \\[####################\\] 3/3  elapsed 0:00 *\n"), t);
    assertEquals(1, count(t, '\n'));
  }

  @Test
  void shorterLineErasesTheRestOfTheLongerOne() {
    Progress p = progress(10, 0, true);
    p.status("a long status text");
    now.addAndGet(Progress.MIN_INTERVAL_NANOS);
    p.status("");
    String t = text();
    String last = t.substring(t.lastIndexOf('\r') + 1);
    String first = t.substring(1, t.lastIndexOf('\r'));
    assertEquals(first.length(), last.length());
    assertTrue(last.endsWith("  "), '"' + last + '"');
  }

  @Test
  void messagesAppearAboveTheLine() {
    Progress p = progress(10, 0, true);
    p.advance();
    p.println("job failed: see x.log");
    String t = text();
    int msg = t.indexOf("job failed: see x.log\n");
    assertTrue(msg > 0);
    assertTrue(t.substring(0, msg).endsWith("\r"), t);
    assertTrue(t.substring(msg).contains("\roverfitting ["), t);
  }

  @Test
  void longLinesLeaveOutElapsedThenRateThenBarThenAreCut() {
    Progress p = Progress.forTest("encoding", 100, 0, "frames", sink, now::get, true, 75);
    p.advance(50);
    now.addAndGet(4_000_000_000L);
    p.status("2 running");
    assertEquals("encoding [##########..........] 50/100  12.5 frames/s  ETA 0:04  2 running", p.line(now.get()));
    p.status("2 running, 1 failed");
    assertEquals("encoding [##########..........] 50/100  ETA 0:04  2 running, 1 failed", p.line(now.get()));
    p.status("2 running, 1 failed, and a long text");
    assertEquals("encoding 50/100  ETA 0:04  2 running, 1 failed, and a long text", p.line(now.get()));
    p.status("x".repeat(100));
    assertEquals(75, p.line(now.get()).length());
  }

  @Test
  void concurrentAdvancesAreAllCounted() throws Exception {
    try (Progress p = Progress.forTest("t", 40_000, 0, "u", sink, System::nanoTime, true, 79)) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread th = new Thread(() -> {
          for (int i = 0; i < 10_000; i++) {
            p.advance();
          }
        });
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      assertEquals(40_000, p.done());
    }
    assertTrue(text().endsWith("40000/40000  elapsed 0:00\n") || text().contains("40000/40000"), text());
  }

  @Test
  void durations() {
    assertEquals("0:00", Progress.duration(0));
    assertEquals("0:59", Progress.duration(59.4));
    assertEquals("1:00", Progress.duration(59.6));
    assertEquals("1:00:00", Progress.duration(3600));
    assertFalse(Progress.duration(1e12).isEmpty());
  }
}

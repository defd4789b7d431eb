package dev.adf.orchestrator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The embedded store's pass driver on a real (in-memory) Quartz scheduler. */
class QuartzDriverTest {

  @Test
  void closeWaitsForTheRunningPassAndNoPassRunsAfterIt() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    AtomicInteger passes = new AtomicInteger();
    CountDownLatch inPass = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // an interval far beyond the test: passes come from triggerNow only
    QuartzDriver driver = new QuartzDriver(new Properties(), Duration.ofHours(1), () -> {
      if (passes.incrementAndGet() == 2) { // the first pass is the trigger's start-now firing
        inPass.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        order.add("pass ended");
      }
    });
    driver.start();
    awaitPasses(passes, 1);
    driver.triggerNow();
    assertThat(inPass.await(30, TimeUnit.SECONDS)).isTrue();

    Thread closer = new Thread(() -> {
      driver.close();
      order.add("closed");
    });
    closer.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (closer.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    assertThat(closer.getState()).as("close waits for the pass").isEqualTo(Thread.State.WAITING);
    assertThat(order).isEmpty();
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(closer.isAlive()).isFalse();
    assertThat(order).containsExactly("pass ended", "closed");

    driver.triggerNow();
    assertThat(passes.get()).as("no pass after close").isEqualTo(2);
  }

  private static void awaitPasses(AtomicInteger passes, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (passes.get() < n && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    assertThat(passes.get()).isGreaterThanOrEqualTo(n);
  }
}

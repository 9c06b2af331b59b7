package dev.aisle.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The largest heap in use right after any garbage collection during a fit: what survived a
 * collection, so an upper bound of the live data at that moment (old garbage not yet collected
 * counts too), measured the same way for every engine without hooks into them. Local Spark runs its
 * executor in the same JVM, so this covers driver and executor.
 */
final class HeapWatch {

  private final AtomicLong peakAfterGc = new AtomicLong();
  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());

  HeapWatch() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc)
          .addNotificationListener(
              (n, handback) -> {
                if (n.getType()
                    .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                  var info =
                      GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                  long used =
                      info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                          .filter(e -> heapPools.contains(e.getKey()))
                          .mapToLong(e -> e.getValue().getUsed())
                          .sum();
                  peakAfterGc.accumulateAndGet(used, Math::max);
                }
              },
              null,
              null);
    }
  }

  /** Collects, then starts watching from what is live now. Returns the live heap in bytes. */
  long reset() {
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    peakAfterGc.set(heap.getUsed());
    return heap.getUsed();
  }

  /** The largest heap after a collection since {@link #reset}, in bytes. */
  long peakAfterGc() {
    return peakAfterGc.get();
  }

  /** The process's peak resident set (VmHWM in /proc/self/status), in MB. */
  static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (java.io.IOException e) {
      // not Linux: report what the JVM knows
    }
    return (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
  }
}

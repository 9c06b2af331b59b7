package dev.aisle.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aisle.json.Json;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.snapshot.SnapshotStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental run end to end, publishing to a folder: with the previous run's factors kept, only
 * the shoppers with new events and the items they touched are re-solved, so every other item's
 * published factors are bit-identical to the previous model's; the item graph is extended.
 */
class PartialSweepTest {

  @TempDir Path dir;

  @Test
  void aPartialSweepLeavesUntouchedItemsBitIdenticalAndChangesTouchedOnes() throws Exception {
    Path shop = dir.resolve("shop");
    assertThat(
            AisleTrainerTest.run(
                    "generate",
                    "--out",
                    shop.toString(),
                    "--users",
                    "600",
                    "--items",
                    "150",
                    "--seed",
                    "5",
                    "--end",
                    "2026-01-01T00:00:00Z")
                .exit())
        .isZero();
    Path models = dir.resolve("models");
    List<String> common =
        List.of(
            "--out",
            models.toString(),
            "--catalog",
            shop.resolve("catalog.csv").toString(),
            "--no-eval",
            "--factors",
            "8",
            "--iterations",
            "3",
            "--warm-iterations",
            "2",
            "--similar-per-item",
            "0",
            "--graph-min-items",
            "0",
            "--graph-rebuild-share",
            "1");
    assertThat(
            train(common, "--interactions", shop.resolve("interactions.csv").toString(), "--full")
                .exit())
        .isZero();
    Model before = current(models);
    assertThat(before.graph()).isNotNull();

    // two known shoppers come back; what they touched, then and now, is what may change
    List<String> rows = Files.readAllLines(shop.resolve("interactions.csv"));
    // two ordinary shoppers (the shop's crawlers are outliers training leaves out): the median ones
    java.util.Map<String, Long> counts =
        rows.stream()
            .skip(1)
            .map(r -> r.split(",")[0])
            .collect(
                java.util.stream.Collectors.groupingBy(
                    u -> u, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    List<String> byCount =
        counts.keySet().stream().sorted(java.util.Comparator.comparing(counts::get)).toList();
    String first = byCount.get(byCount.size() / 2);
    String second = byCount.get(byCount.size() / 2 + 1);
    String newItem = before.items().idAt(0);
    Path fresh = dir.resolve("new.csv");
    Files.writeString(
        fresh,
        "user_id,item_id,event_type,timestamp,value\n"
            + first
            + ","
            + newItem
            + ",purchase,2026-01-01T02:00:00Z,1\n"
            + second
            + ","
            + before.items().idAt(1)
            + ",view,2026-01-01T02:05:00Z,\n");
    Set<String> touched = new HashSet<>(List.of(newItem, before.items().idAt(1)));
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      if (f[0].equals(first) || f[0].equals(second)) {
        touched.add(f[1]);
      }
    }

    Path report = dir.resolve("partial.json");
    AisleTrainerTest.Result partial =
        train(
            common,
            "--interactions",
            fresh.toString(),
            "--incremental",
            // every touched item, however few of its pairs changed (RowSelectionTest covers the
            // share)
            "--item-change-share",
            "0",
            "--report",
            report.toString());
    assertThat(partial.exit()).isZero();
    JsonNode r = Json.mapper().readTree(report.toFile());
    assertThat(r.path("final").path("sweep").asText()).isEqualTo("partial");
    assertThat(r.path("final").path("shoppersResolved").asInt())
        .as(partial.err() + partial.out())
        .isEqualTo(2);
    assertThat(r.path("final").path("itemsResolved").asInt()).isEqualTo(touched.size());
    assertThat(r.path("graph").path("reused").asBoolean()).isTrue();
    Model after = current(models);
    assertThat(after.manifest().parameters()).containsEntry("sweep", "partial");
    int k = after.factors();
    int same = 0;
    for (int row = 0; row < after.items().size(); row++) {
      String id = after.items().idAt(row);
      int old = before.items().rowOf(id);
      float[] now = Arrays.copyOfRange(after.itemFactors().data(), row * k, (row + 1) * k);
      float[] then = Arrays.copyOfRange(before.itemFactors().data(), old * k, (old + 1) * k);
      if (touched.contains(id)) {
        assertThat(now).as("touched item %s", id).isNotEqualTo(then);
      } else {
        assertThat(now).as("untouched item %s", id).isEqualTo(then);
        same++;
      }
    }
    assertThat(same).isGreaterThan(after.items().size() / 2);
    // the next run starts from this run's factors: the state sits beside the new snapshot version
    Path snapshots = models.resolve("snapshots");
    String version = Files.readString(snapshots.resolve("CURRENT")).strip();
    assertThat(Files.size(snapshots.resolve(version).resolve(SnapshotStore.TRAINING_STATE)))
        .isPositive();

    // all rows swept when asked: every item moves
    Path again = dir.resolve("again.csv");
    Files.writeString(
        again,
        "user_id,item_id,event_type,timestamp,value\n"
            + first
            + ","
            + newItem
            + ",view,2026-01-01T03:00:00Z,\n");
    Path allRows = dir.resolve("all-rows.json");
    assertThat(
            train(
                    common,
                    "--interactions",
                    again.toString(),
                    "--incremental",
                    "--all-rows-every",
                    "1",
                    "--report",
                    allRows.toString())
                .exit())
        .isZero();
    assertThat(Json.mapper().readTree(allRows.toFile()).path("final").path("sweep").asText())
        .isEqualTo("all-rows");
    Model third = current(models);
    for (int row = 0; row < third.items().size(); row++) {
      int old = after.items().rowOf(third.items().idAt(row));
      assertThat(Arrays.copyOfRange(third.itemFactors().data(), row * k, (row + 1) * k))
          .isNotEqualTo(Arrays.copyOfRange(after.itemFactors().data(), old * k, (old + 1) * k));
    }
  }

  private static AisleTrainerTest.Result train(List<String> common, String... args) {
    String[] all = new String[1 + args.length + common.size()];
    all[0] = "train";
    System.arraycopy(args, 0, all, 1, args.length);
    for (int i = 0; i < common.size(); i++) {
      all[1 + args.length + i] = common.get(i);
    }
    AisleTrainerTest.Result result = AisleTrainerTest.run(all);
    if (result.exit() != 0) {
      System.err.println(result.err());
    }
    return result;
  }

  private static Model current(Path models) throws Exception {
    return ModelFiles.read(models.resolve(Files.readString(models.resolve("CURRENT")).strip()));
  }
}

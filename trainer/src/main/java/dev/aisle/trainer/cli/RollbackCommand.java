package dev.aisle.trainer.cli;

import dev.aisle.trainer.publish.ModelRepository;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollback}: points CURRENT back at the previous complete model (or {@code --to} one),
 * verified file by file first, with the same conditional write as publishing.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Points CURRENT at the newest complete model older than the current one, or at --to VERSION, "
            + "after verifying its checksums; refused if CURRENT moves meanwhile. Serving follows within its refresh "
            + "interval. The next trainer run's gate compares against the model rolled back to.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      AisleTrainer.EXIT_0,
      AisleTrainer.EXIT_1,
      AisleTrainer.EXIT_2,
      AisleTrainer.EXIT_5
    })
final class RollbackCommand implements Callable<Integer> {

  @Mixin ModelsOption models;

  @Option(
      names = "--to",
      paramLabel = "VERSION",
      description = "The version to serve (see versions).")
  String to;

  @Override
  public Integer call() {
    try (ModelRepository repository = new ModelRepository(models.location())) {
      ModelRepository.Rollback done = repository.rollback(Optional.ofNullable(to));
      System.out.println(
          "rolled back " + models.location() + " from " + done.from() + " to " + done.to());
    }
    return 0;
  }
}

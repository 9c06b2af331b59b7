package dev.aisle.precompute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.model.ModelFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PrecomputeCommandTest {

  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = PrecomputeCommand.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli.execute(args);
  }

  @Test
  void publishesAModelFolderWithCsvInputsIntoAFolder() throws Exception {
    Path model = dir.resolve("model");
    ModelFiles.write(CliFixture.model(), model);
    Path catalog =
        Files.writeString(
            dir.resolve("catalog.csv"),
            "item_id,title,category,price\na,\"Shoe, red\",shoes,12.5\nb,Book,books,3\n");
    Path users =
        Files.writeString(
            dir.resolve("users.csv"), "user_id,country,device\nu0,DE,mobile\nu1,us,desktop\n");
    Path events =
        Files.writeString(
            dir.resolve("events.csv"),
            "user_id,item_id,event_type,timestamp\nu0,a,view,2026-01-01T00:00:00Z\nu1,b,purchase,1767225600000\n");
    Path out = dir.resolve("out");

    int exit =
        run(
            "--model",
            model.toString(),
            "--catalog",
            catalog.toString(),
            "--users",
            users.toString(),
            "--shoppers",
            events.toString(),
            "--out",
            out.toString(),
            "--segments",
            "2",
            "--min-support",
            "1",
            "--k",
            "2");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.resolve("v1/popular.json")).exists();
    assertThat(out.resolve("v1/segments/index.json")).content().contains("\"country\":\"de\"");
    assertThat(out.resolve("v1/similar/a.json")).content().contains("\"title\":\"Shoe, red\"");
  }

  @Test
  void badArgumentsAndInputsExitWith2AndOneLine() throws Exception {
    assertThat(run("--segments", "zero")).isEqualTo(2);
    assertThat(err.toString()).contains("--segments");

    Path model = dir.resolve("model");
    ModelFiles.write(CliFixture.model(), model);
    err.getBuffer().setLength(0);
    assertThat(
            run(
                "--model",
                model.toString(),
                "--catalog",
                "missing.csv",
                "--users",
                "none",
                "--shoppers",
                "none",
                "--out",
                dir.resolve("out").toString()))
        .isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "aisle-precompute: no such file: missing.csv (expected a CSV file,"
                + " dynamodb[:TABLE] or none)");

    Path badPrice =
        Files.writeString(dir.resolve("bad.csv"), "item_id,title,category,price\na,A,c,cheap\n");
    err.getBuffer().setLength(0);
    assertThat(
            run(
                "--model",
                model.toString(),
                "--catalog",
                badPrice.toString(),
                "--users",
                "none",
                "--shoppers",
                "none",
                "--out",
                dir.resolve("out").toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("bad.csv line 2: price 'cheap' is not a non-negative number");
    assertThat(dir.resolve("out/v1")).doesNotExist();

    err.getBuffer().setLength(0);
    assertThat(
            run(
                "--model",
                dir.resolve("nothing").toString(),
                "--catalog",
                "none",
                "--users",
                "none",
                "--shoppers",
                "none",
                "--out",
                dir.resolve("out").toString(),
                "--segments",
                "0"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("segments must be between 1 and 10000");
  }
}

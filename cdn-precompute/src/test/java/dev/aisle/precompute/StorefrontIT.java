package dev.aisle.precompute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.event.EventType;
import dev.aisle.model.Model;
import dev.aisle.model.ModelFiles;
import dev.aisle.precompute.source.ModelInput;
import dev.aisle.precompute.source.RecordSource;
import dev.aisle.state.UserState;
import dev.aisle.storage.dynamo.ItemStore;
import dev.aisle.storage.dynamo.UserStateStore;
import dev.aisle.storage.dynamo.UserStore;
import dev.aisle.storage.local.LocalStack;
import dev.aisle.storage.s3.ModelStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo storefront in headless Chromium against the local stack: a planted model published to
 * its own buckets and tables, the CDN objects precomputed, the api and the page's web server
 * started for this test on free ports. An anonymous visitor from Germany on a phone sees the shoe
 * lovers' segment; shopper u70 (a book lover) signs in and sees books from the api.
 *
 * <p>Needs /usr/bin/chromium and /usr/bin/chromedriver (Debian packages chromium, chromium-driver),
 * Node.js, and the api's local build (functions/api/target/local/quarkus-app).
 */
class StorefrontIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static PrecomputeStack stack;
  private static Path root;
  private static Path work;
  private static Process api;
  private static Process web;
  private static String webUrl;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    root = LocalStack.repositoryRoot();
    work = Files.createDirectories(root.resolve("cdn-precompute/target/storefront-it"));
    Path apiJar = root.resolve("functions/api/target/local/quarkus-app/quarkus-run.jar");
    assertThat(apiJar)
        .as(
            "the api's local build; run ./mvnw -B -pl functions/api -am -Dlocal package -DskipTests")
        .exists();
    assertThat(CHROMIUM).as("apt-get install chromium chromium-driver").exists();
    assertThat(CHROMEDRIVER).as("apt-get install chromium chromium-driver").exists();

    stack = new PrecomputeStack();
    Model model = TwoTastes.model("20260103T000000Z-web");
    Path folder = work.resolve("model");
    ModelFiles.write(model, folder);
    new ModelStore(stack.s3, stack.settings.modelsBucket()).publish(folder, model.version());
    new ItemStore(stack.dynamo, stack.settings.itemsTable()).putAll(TwoTastes.catalog());
    new UserStore(stack.dynamo, stack.settings.usersTable()).putAll(TwoTastes.profiles());
    // a model ships no shoppers: what the api knows of u70 is their window, two books before the
    // cut
    Instant seen = Instant.parse("2025-12-31T00:00:00Z");
    new UserStateStore(stack.dynamo, stack.settings.userStateTable())
        .put(
            new UserState(
                "u70",
                null,
                seen,
                new float[0],
                List.of(
                    new UserState.RecentEvent("e-u70-2", "book-1", EventType.CLICK, null, seen),
                    new UserState.RecentEvent(
                        "e-u70-1", "book-0", EventType.VIEW, null, seen.minusSeconds(60))),
                List.of()));
    try (CdnPrecompute precompute = new CdnPrecompute(stack.settings)) {
      precompute.run(
          PrecomputeRequest.builder(
                  new ModelInput.Loaded(model), "s3://" + stack.settings.cdnBucket() + "/")
              .shoppers(TwoTastes.shoppers())
              .catalog(new RecordSource.Table(stack.settings.itemsTable()))
              .profiles(new RecordSource.Table(stack.settings.usersTable()))
              .segments(2)
              .k(5)
              .similarK(3)
              .minSupport(5)
              .build());
    }

    Map<String, String> env = environment();
    int apiPort = freePort();
    env.put("QUARKUS_HTTP_PORT", Integer.toString(apiPort));
    env.put(
        "_LOCAL_QUARKUS_HTTP_PORT", Integer.toString(apiPort)); // beats %local.quarkus.http.port
    api =
        start(
            "api",
            env,
            List.of(javaBin(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", apiJar.toString()));
    String apiUrl = "http://127.0.0.1:" + apiPort;
    awaitHttp(apiUrl + "/health", api);

    env.put("AISLE_API_URL", apiUrl);
    Path envFile = work.resolve("stack.env");
    Files.writeString(
        envFile,
        env.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n")));
    int webPort = freePort();
    web =
        start(
            "web",
            Map.of(),
            List.of(
                "node",
                root.resolve("infra/local/web-server.mjs").toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(webPort),
                "--root",
                root.resolve("infra/local/web").toString(),
                "--env",
                envFile.toString()));
    webUrl = "http://127.0.0.1:" + webPort;
    awaitHttp(webUrl + "/", web);

    browser = chromium();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    for (Process process : new Process[] {web, api}) {
      if (process != null) {
        process.destroy();
      }
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void anonymousVisitorSeesTheSegmentListThenSignsInAndSeesPersonalizedProducts() throws Exception {
    browser.get(webUrl + "/?country=DE&device=mobile&utm_source=email");

    List<WebElement> anonymous = products("anonymous-items");
    assertThat(anonymous)
        .extracting(e -> e.getAttribute("data-item-id"))
        .containsExactly("shoe-1", "shoe-2", "shoe-3", "shoe-4", "shoe-5");
    assertThat(anonymous.get(0).getText()).contains("Shoe 1").contains("51.00");
    assertThat(browser.findElement(By.id("segment-label")).getText()).isEqualTo("(segment s0)");
    assertThat(products("popular-items"))
        .extracting(e -> e.getAttribute("data-item-id"))
        .containsExactly("book-1", "shoe-2", "book-3");

    screenshot("storefront-anonymous.png");

    WebElement shopper = browser.findElement(By.id("shopper-id"));
    shopper.sendKeys("u70");
    browser.findElement(By.id("sign-in")).click();

    // u70 loves books: the api ranks book-0 (the strongest book) first, and only books
    List<WebElement> personal = products("personal-items");
    assertThat(personal)
        .extracting(e -> e.getAttribute("data-item-id"))
        .hasSize(8)
        .startsWith("book-0")
        .allMatch(id -> id.startsWith("book"));
    assertThat(personal.get(0).getText()).contains("Book 0").contains("10.00");
    assertThat(browser.findElement(By.id("personal-source")).getText()).contains("personalized");
    assertThat(products("similar-items"))
        .extracting(e -> e.getAttribute("data-item-id"))
        .isNotEmpty()
        .allMatch(id -> id.startsWith("book"));
    assertThat(browser.findElement(By.id("similar-to")).getText()).isEqualTo("Book 0");
    assertThat(browser.findElement(By.id("status")).getText()).isEmpty();

    screenshot("storefront.png");
  }

  private static void screenshot(String name) throws IOException {
    Path file = work.resolve(name);
    Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(file)).isGreaterThan(10_000);
  }

  private static List<WebElement> products(String listId) {
    return new WebDriverWait(browser, WAIT)
        .until(
            driver -> {
              List<WebElement> found =
                  driver.findElements(By.cssSelector("#" + listId + " .product"));
              return found.isEmpty() ? null : found;
            });
  }

  private static WebDriver chromium() throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // A closed network refuses Chromium's background connections: switch them off.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1400",
        "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(work.resolve("chromedriver.log").toFile())
            .build();
    return new ChromeDriver(service, options);
  }

  /** The api's AISLE_* environment for this test's tables and buckets. */
  private static Map<String, String> environment() {
    var s = stack.settings;
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AISLE_REGION", s.region());
    env.put("AISLE_LOCAL_CREDENTIALS", "true");
    s.dynamodbEndpoint().ifPresent(u -> env.put("AISLE_DYNAMODB_ENDPOINT", u.toString()));
    s.s3Endpoint().ifPresent(u -> env.put("AISLE_S3_ENDPOINT", u.toString()));
    env.put("AISLE_KAFKA_BOOTSTRAP", s.kafkaBootstrap());
    env.put("AISLE_EVENTS_TABLE", s.eventsTable());
    env.put("AISLE_ITEMS_TABLE", s.itemsTable());
    env.put("AISLE_USERS_TABLE", s.usersTable());
    env.put("AISLE_USER_STATE_TABLE", s.userStateTable());
    env.put("AISLE_INTERACTIONS_TOPIC", s.interactionsTopic());
    env.put("AISLE_DEAD_LETTER_TOPIC", s.deadLetterTopic());
    env.put("AISLE_MODELS_BUCKET", s.modelsBucket());
    env.put("AISLE_CDN_BUCKET", s.cdnBucket());
    return env;
  }

  private static Process start(String name, Map<String, String> env, List<String> command)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(name + ".log").toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  private static void awaitHttp(String url, Process process) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(url + ": the process exited; see " + work);
      }
      try {
        if (http.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(url + " did not answer within 90 s; see " + work);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}

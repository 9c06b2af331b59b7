package dev.aisle.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aisle.storage.AwsClients;
import dev.aisle.storage.local.IsolatedStack;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A 30 MB object through the product's S3 client with the SDK's default settings (checksums
 * included).
 */
class S3RoundTripIT {

  private static IsolatedStack resources;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    resources = new IsolatedStack("it");
    s3 = AwsClients.s3(resources.settings());
  }

  @AfterAll
  static void stop() {
    s3.close();
    resources.close();
  }

  @Test
  void thirtyMegabytesComeBackUnchanged() throws Exception {
    byte[] payload = new byte[30 * 1024 * 1024];
    new Random(42).nextBytes(payload);
    String bucket = resources.settings().modelsBucket();

    s3.putObject(b -> b.bucket(bucket).key("big/object.bin"), RequestBody.fromBytes(payload));
    ResponseBytes<GetObjectResponse> back =
        s3.getObjectAsBytes(b -> b.bucket(bucket).key("big/object.bin"));

    assertThat(back.response().contentLength()).isEqualTo(payload.length);
    assertThat(sha256(back.asByteArray())).isEqualTo(sha256(payload));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}

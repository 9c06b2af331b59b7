package dev.aisle.trainer.snapshot;

import dev.aisle.snapshot.FolderStorage;
import dev.aisle.snapshot.SnapshotStore;
import dev.aisle.storage.AwsClients;
import dev.aisle.storage.s3.S3SnapshotStorage;
import dev.aisle.trainer.publish.ModelLocation;
import dev.aisle.trainer.publish.Settings;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the training snapshot lives: a folder or an S3 prefix. By default next to the models:
 * {@code --out s3://B/models/} keeps it in {@code s3://B/snapshots/}, {@code --out DIR} in {@code
 * DIR/snapshots/}.
 */
public sealed interface SnapshotLocation {

  record Local(Path root) implements SnapshotLocation {
    @Override
    public String toString() {
      return root.toString();
    }
  }

  record S3(String bucket, String prefix) implements SnapshotLocation {
    @Override
    public String toString() {
      return "s3://" + bucket + "/" + prefix;
    }
  }

  static SnapshotLocation parse(String text) {
    ModelLocation parsed = ModelLocation.parse(text);
    return parsed instanceof ModelLocation.S3 s3
        ? new S3(s3.bucket(), s3.prefix())
        : new Local(((ModelLocation.Local) parsed).root());
  }

  /** The default beside a models location (see the class comment). */
  static SnapshotLocation besideModels(ModelLocation models) {
    if (models instanceof ModelLocation.Local local) {
      return new Local(local.root().resolve("snapshots"));
    }
    ModelLocation.S3 s3 = (ModelLocation.S3) models;
    String prefix =
        s3.prefix().endsWith("/")
            ? s3.prefix().substring(0, s3.prefix().length() - 1)
            : s3.prefix();
    int slash = prefix.lastIndexOf('/');
    return new S3(s3.bucket(), (slash < 0 ? "" : prefix.substring(0, slash + 1)) + "snapshots/");
  }

  /** The store at this location (with its own S3 client, closed with the handle). */
  default Opened open() {
    if (this instanceof Local local) {
      return new Opened(new SnapshotStore(new FolderStorage(local.root())), null);
    }
    S3 s3 = (S3) this;
    S3Client client = AwsClients.s3(Settings.resolve());
    return new Opened(
        new SnapshotStore(new S3SnapshotStorage(client, s3.bucket(), s3.prefix())), client);
  }

  /** An open store and the client it needs. */
  record Opened(SnapshotStore store, S3Client client) implements AutoCloseable {
    @Override
    public void close() {
      if (client != null) {
        client.close();
      }
    }
  }
}

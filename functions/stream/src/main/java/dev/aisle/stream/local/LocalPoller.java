package dev.aisle.stream.local;

import dev.aisle.storage.AisleSettings;
import dev.aisle.stream.StreamConfig;
import dev.aisle.stream.StreamFunction;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Runs the {@link EventSourcePoller} for the life of the local build ({@code -Dlocal}, build
 * profile {@code local}); the Lambda build has no such bean: there the event source mapping polls.
 */
@IfBuildProfile("local")
@ApplicationScoped
public class LocalPoller {

  private final AisleSettings settings;
  private final StreamConfig config;
  private final StreamFunction function;
  private EventSourcePoller poller;

  public LocalPoller(AisleSettings settings, StreamConfig config, StreamFunction function) {
    this.settings = settings;
    this.config = config;
    this.function = function;
  }

  void start(@Observes StartupEvent startup) {
    StreamConfig.Poller p = config.poller();
    poller =
        new EventSourcePoller(
                settings, p.groupId(), p.batchSize(), p.retryBackoff(), function::foldIn)
            .start();
  }

  void stop(@Observes ShutdownEvent shutdown) {
    if (poller != null) {
      poller.close();
    }
  }
}

package io.costfleet.worker.support;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code costfleet.storage.root}: the directory of the staging, raw and quarantine layout. */
@ConfigurationProperties("costfleet.storage")
public record StorageProperties(@DefaultValue("./data") Path root) {}

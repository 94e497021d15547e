package io.costfleet.worker.azure;

import java.util.Locale;
import java.util.Map;

/**
 * FOCUS ServiceCategory of an Azure charge, from its resource provider ({@code ConsumedService},
 * e.g. {@code Microsoft.Compute}) or, failing that, its meter category ({@code Virtual Machines}).
 * Anything unknown is {@code Other}.
 */
final class AzureServiceCategories {
  private static final Map<String, String> BY_PROVIDER = Map.ofEntries(
      Map.entry("microsoft.compute", "Compute"),
      Map.entry("microsoft.classiccompute", "Compute"),
      Map.entry("microsoft.containerservice", "Compute"),
      Map.entry("microsoft.containerinstance", "Compute"),
      Map.entry("microsoft.batch", "Compute"),
      Map.entry("microsoft.app", "Compute"),
      Map.entry("microsoft.web", "Web"),
      Map.entry("microsoft.cdn", "Networking"),
      Map.entry("microsoft.network", "Networking"),
      Map.entry("microsoft.classicnetwork", "Networking"),
      Map.entry("microsoft.storage", "Storage"),
      Map.entry("microsoft.classicstorage", "Storage"),
      Map.entry("microsoft.netapp", "Storage"),
      Map.entry("microsoft.recoveryservices", "Storage"),
      Map.entry("microsoft.sql", "Databases"),
      Map.entry("microsoft.dbforpostgresql", "Databases"),
      Map.entry("microsoft.dbformysql", "Databases"),
      Map.entry("microsoft.dbformariadb", "Databases"),
      Map.entry("microsoft.documentdb", "Databases"),
      Map.entry("microsoft.cache", "Databases"),
      Map.entry("microsoft.databricks", "Analytics"),
      Map.entry("microsoft.synapse", "Analytics"),
      Map.entry("microsoft.hdinsight", "Analytics"),
      Map.entry("microsoft.datafactory", "Analytics"),
      Map.entry("microsoft.kusto", "Analytics"),
      Map.entry("microsoft.streamanalytics", "Analytics"),
      Map.entry("microsoft.cognitiveservices", "AI and Machine Learning"),
      Map.entry("microsoft.machinelearningservices", "AI and Machine Learning"),
      Map.entry("microsoft.search", "AI and Machine Learning"),
      Map.entry("microsoft.keyvault", "Security"),
      Map.entry("microsoft.security", "Security"),
      Map.entry("microsoft.aad", "Identity"),
      Map.entry("microsoft.azureactivedirectory", "Identity"),
      Map.entry("microsoft.insights", "Management and Governance"),
      Map.entry("microsoft.operationalinsights", "Management and Governance"),
      Map.entry("microsoft.automation", "Management and Governance"),
      Map.entry("microsoft.costmanagement", "Management and Governance"),
      Map.entry("microsoft.eventhub", "Integration"),
      Map.entry("microsoft.servicebus", "Integration"),
      Map.entry("microsoft.logic", "Integration"),
      Map.entry("microsoft.apimanagement", "Integration"),
      Map.entry("microsoft.eventgrid", "Integration"),
      Map.entry("microsoft.devices", "Internet of Things"),
      Map.entry("microsoft.iotcentral", "Internet of Things"),
      Map.entry("microsoft.media", "Media"),
      Map.entry("microsoft.devtestlab", "Developer Tools"),
      Map.entry("microsoft.visualstudio", "Developer Tools"),
      Map.entry("microsoft.migrate", "Migration"));

  private static final Map<String, String> BY_METER_CATEGORY = Map.ofEntries(
      Map.entry("virtual machines", "Compute"),
      Map.entry("virtual machines licenses", "Compute"),
      Map.entry("azure app service", "Web"),
      Map.entry("storage", "Storage"),
      Map.entry("bandwidth", "Networking"),
      Map.entry("virtual network", "Networking"),
      Map.entry("load balancer", "Networking"),
      Map.entry("networking", "Networking"),
      Map.entry("ip addresses", "Networking"),
      Map.entry("sql database", "Databases"),
      Map.entry("azure cosmos db", "Databases"),
      Map.entry("redis cache", "Databases"),
      Map.entry("azure databricks", "Analytics"),
      Map.entry("azure synapse analytics", "Analytics"),
      Map.entry("cognitive services", "AI and Machine Learning"),
      Map.entry("key vault", "Security"),
      Map.entry("azure monitor", "Management and Governance"),
      Map.entry("log analytics", "Management and Governance"));

  private AzureServiceCategories() {}

  static String of(String consumedService, String meterCategory) {
    if (consumedService != null) {
      String c = BY_PROVIDER.get(consumedService.strip().toLowerCase(Locale.ROOT));
      if (c != null) {
        return c;
      }
    }
    if (meterCategory != null) {
      String c = BY_METER_CATEGORY.get(meterCategory.strip().toLowerCase(Locale.ROOT));
      if (c != null) {
        return c;
      }
    }
    return "Other";
  }
}

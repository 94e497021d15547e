package io.costfleet.worker.aws.cur;

import java.util.Map;

/**
 * FOCUS ServiceCategory of an AWS product code ({@code lineItem/ProductCode}). Codes not listed
 * (Marketplace products, new services) are {@code Other}.
 */
final class AwsServiceCategories {
  private static final Map<String, String> BY_CODE = Map.ofEntries(
      Map.entry("AmazonEC2", "Compute"), Map.entry("AWSLambda", "Compute"), Map.entry("AmazonECS", "Compute"),
      Map.entry("AmazonEKS", "Compute"), Map.entry("AWSFargate", "Compute"), Map.entry("AmazonLightsail", "Compute"),
      Map.entry("AWSBatch", "Compute"), Map.entry("AWSElasticBeanstalk", "Compute"), Map.entry("AWSOutposts", "Compute"),
      Map.entry("AmazonRDS", "Databases"), Map.entry("AmazonDynamoDB", "Databases"),
      Map.entry("AmazonElastiCache", "Databases"), Map.entry("AmazonRedshift", "Databases"),
      Map.entry("AmazonDocDB", "Databases"), Map.entry("AmazonNeptune", "Databases"),
      Map.entry("AmazonMemoryDB", "Databases"), Map.entry("AmazonTimestream", "Databases"),
      Map.entry("AmazonKeyspaces", "Databases"), Map.entry("AmazonQLDB", "Databases"),
      Map.entry("AmazonS3", "Storage"), Map.entry("AmazonS3GlacierDeepArchive", "Storage"),
      Map.entry("AmazonGlacier", "Storage"), Map.entry("AmazonEFS", "Storage"), Map.entry("AmazonFSx", "Storage"),
      Map.entry("AWSBackup", "Storage"), Map.entry("AWSStorageGateway", "Storage"),
      Map.entry("AmazonVPC", "Networking"), Map.entry("AmazonCloudFront", "Networking"),
      Map.entry("AmazonRoute53", "Networking"), Map.entry("AWSDataTransfer", "Networking"),
      Map.entry("AWSDirectConnect", "Networking"), Map.entry("AWSELB", "Networking"),
      Map.entry("AmazonApiGateway", "Networking"), Map.entry("AWSGlobalAccelerator", "Networking"),
      Map.entry("AWSTransitGateway", "Networking"),
      Map.entry("AmazonAthena", "Analytics"), Map.entry("AWSGlue", "Analytics"), Map.entry("AmazonKinesis", "Analytics"),
      Map.entry("AmazonKinesisFirehose", "Analytics"), Map.entry("ElasticMapReduce", "Analytics"),
      Map.entry("AmazonES", "Analytics"), Map.entry("AmazonQuickSight", "Analytics"), Map.entry("AmazonMSK", "Analytics"),
      Map.entry("AmazonSageMaker", "AI and Machine Learning"), Map.entry("AmazonBedrock", "AI and Machine Learning"),
      Map.entry("AmazonRekognition", "AI and Machine Learning"), Map.entry("AmazonTextract", "AI and Machine Learning"),
      Map.entry("AmazonComprehend", "AI and Machine Learning"), Map.entry("AmazonPolly", "AI and Machine Learning"),
      Map.entry("AmazonCloudWatch", "Management and Governance"), Map.entry("AWSCloudTrail", "Management and Governance"),
      Map.entry("AWSConfig", "Management and Governance"), Map.entry("AWSSystemsManager", "Management and Governance"),
      Map.entry("AWSCostExplorer", "Management and Governance"), Map.entry("AWSSupportBusiness", "Management and Governance"),
      Map.entry("AWSSupportEnterprise", "Management and Governance"), Map.entry("AWSDeveloperSupport", "Management and Governance"),
      Map.entry("AWSCloudFormation", "Management and Governance"),
      Map.entry("awskms", "Security"), Map.entry("AWSSecretsManager", "Security"), Map.entry("AWSShield", "Security"),
      Map.entry("awswaf", "Security"), Map.entry("AmazonGuardDuty", "Security"), Map.entry("AWSSecurityHub", "Security"),
      Map.entry("AmazonInspectorV2", "Security"), Map.entry("AWSCertificateManager", "Security"),
      Map.entry("AmazonCognito", "Identity"), Map.entry("AWSDirectoryService", "Identity"),
      Map.entry("AWSQueueService", "Integration"), Map.entry("AmazonSNS", "Integration"),
      Map.entry("AmazonSES", "Integration"), Map.entry("AWSEvents", "Integration"), Map.entry("AmazonMQ", "Integration"),
      Map.entry("AmazonStates", "Integration"), Map.entry("AmazonAppFlow", "Integration"),
      Map.entry("AWSCodeCommit", "Developer Tools"), Map.entry("AWSCodeBuild", "Developer Tools"),
      Map.entry("AWSCodePipeline", "Developer Tools"), Map.entry("AWSCodeArtifact", "Developer Tools"),
      Map.entry("AmazonECR", "Developer Tools"), Map.entry("AWSXRay", "Developer Tools"),
      Map.entry("AWSIoT", "Internet of Things"), Map.entry("AWSIoTAnalytics", "Internet of Things"),
      Map.entry("AWSElementalMediaConvert", "Media"), Map.entry("AmazonIVS", "Media"),
      Map.entry("AWSDatabaseMigrationSvc", "Migration"), Map.entry("AWSDataSync", "Migration"),
      Map.entry("AWSTransfer", "Migration"), Map.entry("AWSAmplify", "Web"), Map.entry("AmazonWorkSpaces", "Business Applications"),
      Map.entry("AmazonConnect", "Business Applications"), Map.entry("AmazonChime", "Business Applications"));

  private AwsServiceCategories() {}

  static String of(String productCode) {
    return productCode == null ? "Other" : BY_CODE.getOrDefault(productCode, "Other");
  }
}

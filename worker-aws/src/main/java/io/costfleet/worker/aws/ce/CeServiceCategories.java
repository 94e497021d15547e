package io.costfleet.worker.aws.ce;

import java.util.Locale;
import java.util.Map;

/** FOCUS ServiceCategory of an AWS service name as Cost Explorer reports it (SERVICE dimension). */
final class CeServiceCategories {
  private static final Map<String, String> EXACT = Map.ofEntries(
      Map.entry("Tax", "Other"),
      Map.entry("AWS Cost Explorer", "Management and Governance"),
      Map.entry("AmazonCloudWatch", "Management and Governance"),
      Map.entry("AWS CloudTrail", "Management and Governance"),
      Map.entry("AWS Config", "Management and Governance"),
      Map.entry("Amazon Virtual Private Cloud", "Networking"),
      Map.entry("Amazon Route 53", "Networking"),
      Map.entry("Amazon CloudFront", "Networking"),
      Map.entry("Amazon Elastic Load Balancing", "Networking"),
      Map.entry("Amazon Simple Storage Service", "Storage"),
      Map.entry("Amazon Elastic File System", "Storage"),
      Map.entry("Amazon Elastic Block Store", "Storage"),
      Map.entry("Amazon Glacier", "Storage"),
      Map.entry("Amazon Elastic Compute Cloud - Compute", "Compute"),
      Map.entry("EC2 - Other", "Compute"),
      Map.entry("AWS Lambda", "Compute"),
      Map.entry("Amazon Elastic Container Service", "Compute"),
      Map.entry("Amazon Elastic Container Service for Kubernetes", "Compute"),
      Map.entry("Amazon EC2 Container Registry (ECR)", "Developer Tools"),
      Map.entry("Amazon Relational Database Service", "Databases"),
      Map.entry("Amazon DynamoDB", "Databases"),
      Map.entry("Amazon ElastiCache", "Databases"),
      Map.entry("Amazon Redshift", "Analytics"),
      Map.entry("Amazon Athena", "Analytics"),
      Map.entry("AWS Glue", "Analytics"),
      Map.entry("Amazon Kinesis", "Analytics"),
      Map.entry("Amazon Simple Notification Service", "Integration"),
      Map.entry("Amazon Simple Queue Service", "Integration"),
      Map.entry("AWS Step Functions", "Integration"),
      Map.entry("AWS Key Management Service", "Security"),
      Map.entry("AWS Secrets Manager", "Security"),
      Map.entry("AWS WAF", "Security"),
      Map.entry("Amazon GuardDuty", "Security"),
      Map.entry("AWS Migration Hub Refactor Spaces", "Migration"),
      Map.entry("Amazon SageMaker", "AI and Machine Learning"),
      Map.entry("Amazon Bedrock", "AI and Machine Learning"));

  private CeServiceCategories() {}

  static String of(String service) {
    if (service == null) {
      return "Other";
    }
    String exact = EXACT.get(service);
    if (exact != null) {
      return exact;
    }
    String s = service.toLowerCase(Locale.ROOT);
    if (s.contains("database") || s.contains("rds") || s.contains("dynamo")) {
      return "Databases";
    }
    if (s.contains("storage") || s.contains("backup")) {
      return "Storage";
    }
    if (s.contains("compute") || s.contains("ec2")) {
      return "Compute";
    }
    return "Other";
  }
}

package io.costfleet.worker.gcp.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A query job the simulator ran: its request, result schema and rows. */
record SimJob(String project, String jobId, String location, ObjectNode configuration,
    ArrayNode schema, List<SimTable.Row> rows, long createdMillis) {
  String destinationTable() {
    return "anon_" + jobId.replaceAll("[^A-Za-z0-9_]", "_");
  }
}

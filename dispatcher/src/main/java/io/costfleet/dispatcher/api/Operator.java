package io.costfleet.dispatcher.api;

import io.vertx.core.http.HttpServerRequest;

/** Who asked, for the audit log: the {@code X-Costfleet-Operator} header (free text) and the remote address. */
record Operator(String name, String remote) {
  static final String HEADER = "X-Costfleet-Operator";

  static Operator of(String header, HttpServerRequest request) {
    String name = header == null || header.isBlank() ? "unnamed" : header.replaceAll("[^A-Za-z0-9@._+-]", "_");
    String remote = request == null || request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
    return new Operator(name.length() > 64 ? name.substring(0, 64) : name, remote);
  }
}

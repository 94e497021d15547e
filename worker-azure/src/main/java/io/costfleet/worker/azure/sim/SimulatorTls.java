package io.costfleet.worker.azure.sim;

import io.costfleet.worker.azure.TrustedCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The simulator's TLS identity. Azure's bearer-token policies refuse plain HTTP, so the simulator
 * serves HTTPS with a self-signed certificate made at start-up by the JDK's own {@code keytool}
 * (EC P-256, valid two days, SAN {@code 127.0.0.1}, {@code ::1} and {@code localhost}); nothing is
 * committed or cached. Clients trust exactly that certificate ({@link #clientContext()} or the PEM
 * from {@link #writePem(Path)}), never "trust all".
 */
public final class SimulatorTls {
  private final SSLContext serverContext;
  private final X509Certificate certificate;

  private SimulatorTls(SSLContext serverContext, X509Certificate certificate) {
    this.serverContext = serverContext;
    this.certificate = certificate;
  }

  /** Generates a fresh key pair and self-signed certificate. */
  public static SimulatorTls generate() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("costfleet-azure-sim-tls");
      Path store = dir.resolve("sim.p12");
      char[] password = UUID.randomUUID().toString().toCharArray();
      runKeytool(List.of("-genkeypair", "-alias", "sim", "-keyalg", "EC", "-groupname", "secp256r1",
          "-sigalg", "SHA256withECDSA", "-dname", "CN=costfleet azure simulator", "-validity", "2",
          "-ext", "SAN=ip:127.0.0.1,ip:0:0:0:0:0:0:0:1,dns:localhost", "-storetype", "PKCS12",
          "-keystore", store.toString(), "-storepass", new String(password), "-keypass", new String(password)));
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, password);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      SSLContext server = SSLContext.getInstance("TLS");
      server.init(kmf.getKeyManagers(), null, null);
      return new SimulatorTls(server, (X509Certificate) keys.getCertificate("sim"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the simulator's TLS certificate", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the simulator's TLS certificate", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void runKeytool(List<String> args) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new ArrayList<>();
    command.add(keytool.toString());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool did not finish within 60 s");
      }
      if (process.exitValue() != 0) {
        throw new IOException("keytool failed (exit " + process.exitValue() + "): " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a temp directory left behind holds nothing secret beyond this process's lifetime
    }
  }

  /** The server side: the key and certificate. */
  public SSLContext serverContext() {
    return serverContext;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** A client context trusting exactly this certificate. */
  public SSLContext clientContext() {
    return TrustedCertificates.context(List.of(certificate));
  }

  /** Writes the certificate as PEM (for a worker started separately: {@code costfleet.azure.tls.trust-certificate}). */
  public void writePem(Path file) throws IOException {
    try {
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(certificate.getEncoded());
      Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n",
          StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encode the simulator certificate", e);
    }
  }
}

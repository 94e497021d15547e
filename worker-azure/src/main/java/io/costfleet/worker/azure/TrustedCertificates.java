package io.costfleet.worker.azure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS client contexts that trust exactly the given certificates (a simulator's self-signed one). */
public final class TrustedCertificates {
  private TrustedCertificates() {}

  /** A client context trusting exactly these certificates. */
  public static SSLContext context(List<? extends Certificate> certificates) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        trust.setCertificateEntry("trusted-" + i, certificates.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store", e);
    }
  }

  /** A client context trusting exactly the certificates of a PEM file. */
  public static SSLContext fromPem(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IOException("no certificate in " + pem);
      }
      return context(List.copyOf(certs));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read certificates from " + pem, e);
    }
  }
}

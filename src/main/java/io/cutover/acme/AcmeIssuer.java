package io.cutover.acme;

import io.cutover.routing.AcmeChallenges;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.security.KeyPair;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * One certificate from the ACME directory, RFC 8555 by acme4j: account (its key kept in the
 * database), order, HTTP-01 for each host answered from {@link AcmeChallenges}, finalize with a
 * fresh key. Blocking, seconds long: runs on a worker thread.
 */
final class AcmeIssuer {
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  static {
    // acme4j makes keys and the CSR through Bouncy Castle, by provider name.
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  private final AcmeConfig config;
  private final AcmeStore store;
  private final AcmeChallenges challenges;
  private final TrustedDirectory trust;

  AcmeIssuer(AcmeConfig config, AcmeStore store, AcmeChallenges challenges) {
    this.config = config;
    this.store = store;
    this.challenges = challenges;
    this.trust = new TrustedDirectory(config.trust());
  }

  /** A certificate issued: its chain (leaf first) and key as PEM, and its end. */
  record Issued(String chainPem, String keyPem, Instant notAfter) {}

  Issued issue(List<String> hosts) throws AcmeException, IOException, InterruptedException {
    Session session = trust.session(URI.create(config.directory()));
    AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey());
    config.email().ifPresent(builder::addEmail);
    // With a key the directory knows, this finds the account instead of making another.
    Account account = builder.create(session);
    Order order = account.newOrder().domains(hosts).create();
    for (Authorization authorization : order.getAuthorizations()) {
      if (authorization.getStatus() != Status.VALID) {
        answer(authorization);
      }
    }
    KeyPair domainKey = KeyPairUtils.createECKeyPair("secp256r1");
    order.execute(domainKey);
    Status status = order.waitForCompletion(STEP_TIMEOUT);
    if (status != Status.VALID) {
      throw new AcmeException(
          "the order for "
              + hosts
              + " ended "
              + status
              + order.getError().map(e -> ": " + e).orElse(""));
    }
    Certificate certificate = order.getCertificate();
    StringWriter chain = new StringWriter();
    certificate.writeCertificate(chain);
    return new Issued(
        chain.toString(), pkcs8(domainKey), certificate.getCertificate().getNotAfter().toInstant());
  }

  private void answer(Authorization authorization) throws AcmeException, InterruptedException {
    String host = authorization.getIdentifier().getDomain();
    Http01Challenge challenge =
        authorization
            .findChallenge(Http01Challenge.class)
            .orElseThrow(
                () -> new AcmeException("the directory offers no http-01 challenge for " + host));
    challenges.put(challenge.getToken(), challenge.getAuthorization());
    try {
      challenge.trigger();
      Status status = challenge.waitForCompletion(STEP_TIMEOUT);
      if (status != Status.VALID) {
        throw new AcmeException(
            "the http-01 challenge for "
                + host
                + " ended "
                + status
                + challenge.getError().map(e -> ": " + e).orElse(""));
      }
    } finally {
      challenges.remove(challenge.getToken());
    }
  }

  /** The account key for the directory, made and stored on first use. */
  private KeyPair accountKey() throws IOException {
    String directory = config.directory();
    String pem = store.accountKey(directory).orElse(null);
    if (pem == null) {
      StringWriter made = new StringWriter();
      KeyPairUtils.writeKeyPair(KeyPairUtils.createECKeyPair("secp256r1"), made);
      pem = store.saveAccountKey(directory, made.toString());
    }
    return KeyPairUtils.readKeyPair(new StringReader(pem));
  }

  /** PKCS#8, the PEM private key form the TLS port reads. */
  private static String pkcs8(KeyPair key) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }
}

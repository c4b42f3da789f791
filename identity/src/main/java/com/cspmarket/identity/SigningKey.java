package com.cspmarket.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The RSA key tokens are signed with, kept in a PKCS#8 PEM file so that tokens stay valid across a restart (created,
 * readable by its owner only, on first start). Its key id is its RFC 7638 thumbprint: the same key always has the
 * same {@code kid}, and a new key a new one (verifiers that cache the JWK set fetch it again on an unknown kid).
 */
final class SigningKey {

    private SigningKey() {
    }

    static RSAKey load(Path file) {
        try {
            RSAPrivateCrtKey key;
            if (file == null) {
                key = generate();
            } else if (Files.exists(file)) {
                key = read(Files.readString(file));
            } else {
                key = generate();
                write(file, key);
            }
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
            RSAKey jwk = new RSAKey.Builder(publicKey).privateKey(key).build();
            return new RSAKey.Builder(jwk).keyID(jwk.computeThumbprint().toString()).build();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("cannot load the signing key " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RSAPrivateCrtKey generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
    }

    private static RSAPrivateCrtKey read(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static void write(Path file, RSAPrivateCrtKey key) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(file, pem);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: left as created
        }
    }
}

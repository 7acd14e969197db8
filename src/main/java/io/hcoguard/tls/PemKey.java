package io.hcoguard.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEM private key in the forms openssl, OpenShift's service-ca and cert-manager write, read with
 * the JDK alone: PKCS#8 ("PRIVATE KEY", RSA or EC), PKCS#1 ("RSA PRIVATE KEY") and SEC1
 * ("EC PRIVATE KEY"). The JDK's key factories read PKCS#8 only, so the other two are wrapped into it
 * (RFC 5208: version 0, the algorithm identifier, the key as an octet string). Encrypted keys are
 * not read: a Secret holds the key in the clear.
 */
final class PemKey {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN (PRIVATE KEY|RSA PRIVATE KEY|EC PRIVATE KEY)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    /** DER of the OIDs rsaEncryption (1.2.840.113549.1.1.1) and id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final int OID = 0x06;
    /** SEC1 ECPrivateKey's [0] parameters: the named curve. */
    private static final int EC_PARAMETERS = 0xa0;

    private PemKey() {
    }

    /** @throws GeneralSecurityException saying what is missing or not supported, for the log */
    static PrivateKey read(byte[] pem) throws GeneralSecurityException {
        Matcher block = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        if (!block.find()) {
            throw new GeneralSecurityException("no \"PRIVATE KEY\", \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\" PEM block");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(2));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("the " + block.group(1) + " block is not base64: " + e.getMessage());
        }
        return switch (block.group(1)) {
            case "RSA PRIVATE KEY" -> decode("RSA", pkcs8(der(SEQUENCE, RSA_ENCRYPTION, DER_NULL), der));
            case "EC PRIVATE KEY" -> decode("EC", pkcs8(der(SEQUENCE, EC_PUBLIC_KEY, namedCurve(der)), der));
            default -> decodePkcs8(der);
        };
    }

    private static PrivateKey decodePkcs8(byte[] der) throws GeneralSecurityException {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return decode(algorithm, der);
            } catch (InvalidKeySpecException notThisOne) {
                // the next algorithm
            }
        }
        throw new GeneralSecurityException("the PRIVATE KEY is neither RSA nor EC (the HTTPS server serves RSA and ECDSA keys)");
    }

    private static PrivateKey decode(String algorithm, byte[] pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] key) {
        return der(SEQUENCE, VERSION_0, algorithmIdentifier, der(OCTET_STRING, key));
    }

    /** The curve OID of a SEC1 ECPrivateKey: SEQUENCE { version, privateKey, [0] parameters, [1] publicKey }. */
    private static byte[] namedCurve(byte[] sec1) throws GeneralSecurityException {
        Der key = Der.at(sec1, 0);
        if (key.tag() != SEQUENCE) {
            throw new GeneralSecurityException("the EC PRIVATE KEY is not a DER sequence");
        }
        for (int at = key.start(); at < key.end(); ) {
            Der field = Der.at(sec1, at);
            if (field.tag() == EC_PARAMETERS) {
                Der curve = Der.at(sec1, field.start());
                if (curve.tag() == OID) {
                    return Arrays.copyOfRange(sec1, field.start(), curve.end());
                }
            }
            at = field.end();
        }
        throw new GeneralSecurityException("the EC PRIVATE KEY names no curve");
    }

    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    /** One DER element: its tag and where its content starts and ends in the buffer. */
    private record Der(int tag, int start, int end) {

        static Der at(byte[] der, int offset) throws GeneralSecurityException {
            if (offset + 2 > der.length) {
                throw new GeneralSecurityException("the key's DER ends early");
            }
            int tag = der[offset] & 0xff;
            int first = der[offset + 1] & 0xff;
            int header = 2;
            int length = first;
            if (first >= 0x80) {
                int bytes = first & 0x7f;
                if (bytes == 0 || bytes > 3 || offset + 2 + bytes > der.length) {
                    throw new GeneralSecurityException("the key's DER has a length it cannot have");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[offset + 2 + i] & 0xff);
                }
                header += bytes;
            }
            if (offset + header + length > der.length) {
                throw new GeneralSecurityException("the key's DER ends early");
            }
            return new Der(tag, offset + header, offset + header + length);
        }
    }
}

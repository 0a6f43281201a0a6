package dev.twofa.totp;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * Error-correction levels of a QR code (ISO/IEC 18004 §7.5.1): the higher the level, the more
 * of the symbol may be damaged or hidden and still read, and the more modules the same text needs.
 * {@link QrCode} uses {@link #M} unless told otherwise.
 *
 * <p>Immutable and thread-safe.
 */
public enum ErrorCorrection {

    /** Restores about 7% of the codewords; the smallest symbol. */
    L(ErrorCorrectionLevel.L),

    /** Restores about 15% of the codewords; the default, as most QR generators use. */
    M(ErrorCorrectionLevel.M),

    /** Restores about 25% of the codewords. */
    Q(ErrorCorrectionLevel.Q),

    /** Restores about 30% of the codewords; the largest symbol. */
    H(ErrorCorrectionLevel.H);

    private final ErrorCorrectionLevel zxingLevel;

    ErrorCorrection(ErrorCorrectionLevel zxingLevel) {
        this.zxingLevel = zxingLevel;
    }

    /** Returns zxing's level; package-private so that no zxing type leaks into the API. */
    ErrorCorrectionLevel zxingLevel() {
        return zxingLevel;
    }
}

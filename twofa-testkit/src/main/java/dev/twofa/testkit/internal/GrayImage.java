package dev.twofa.testkit.internal;

import java.util.Objects;

/**
 * An image as luminance values, 0 black to 255 white, row by row.
 *
 * @param width pixels per row
 * @param height rows
 * @param luminance {@code width * height} values, unsigned bytes; not copied: treat as read-only
 *     <p>Immutable by convention and thread-safe when not changed.
 */
public record GrayImage(int width, int height, byte[] luminance) {

    /**
     * Validates the size.
     *
     * @throws IllegalArgumentException if the array does not have {@code width * height} values
     */
    public GrayImage {
        Objects.requireNonNull(luminance, "luminance");
        if (width <= 0 || height <= 0 || (long) width * height != luminance.length) {
            throw new IllegalArgumentException("image of " + width + "x" + height + " needs " + (long) width * height
                    + " values, had " + luminance.length);
        }
    }

    /**
     * Returns the luminance of a pixel.
     *
     * @param x column
     * @param y row
     * @return 0 (black) to 255 (white)
     */
    public int at(int x, int y) {
        return luminance[y * width + x] & 0xFF;
    }

    /** Returns the size only. */
    @Override
    public String toString() {
        return "GrayImage[" + width + "x" + height + "]";
    }
}

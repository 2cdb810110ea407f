package org.pairforge.core;

/**
 * Image bytes exactly as the source held them (or as a rasterizer produced them), with the media type the
 * source declared. Header facts are probed once, up front, so filters and metadata agree on them.
 */
public record EncodedImage(byte[] bytes, String mediaType, ImageFormat probed, int width, int height, String problem) {

    /** What the bytes actually are, found from their signature, not from what the source claimed. */
    public enum ImageFormat {
        PNG("png", "image/png"), JPEG("jpg", "image/jpeg"), UNKNOWN("bin", "application/octet-stream");

        public final String extension;
        public final String mediaType;

        ImageFormat(String extension, String mediaType) {
            this.extension = extension;
            this.mediaType = mediaType;
        }
    }

    public boolean structurallyValid() {
        return problem == null;
    }

    public long pixels() {
        return (long) width * height;
    }
}

package io.edgeplane.media.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.testsupport.media.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageHeaderReaderTest {

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void readsExifOrientationAndSwapsUprightSize(int orientation) {
        ImageHeader header = ImageHeaderReader.read(TestImages.jpegWithOrientation(TestImages.quadrants(40, 30), orientation, true));

        assertThat(header.orientation().exifValue()).isEqualTo(orientation);
        assertThat(header.upright()).isEqualTo(new Dimensions(40, 30));
        assertThat(header.stored()).isEqualTo(orientation >= 5 ? new Dimensions(30, 40) : new Dimensions(40, 30));
        assertThat(header.complete()).isTrue();
    }

    @Test
    void pngHeaderSizeIsReadWithoutDecoding() {
        ImageHeader header = ImageHeaderReader.read(TestImages.pngClaiming(100_000, 100_000));

        assertThat(header.format()).isEqualTo(ImageFormat.PNG);
        assertThat(header.stored().pixels()).isEqualTo(10_000_000_000L);
    }

    @Test
    void cmykAndIccAreReported() {
        assertThat(ImageHeaderReader.read(TestImages.cmykJpeg(8, 8, 0, 0, 0, 255)).cmyk()).isTrue();
        byte[] tagged = TestImages.withIccProfile(TestImages.jpeg(TestImages.quadrants(8, 8), 90), TestImages.linearRgbProfile());
        assertThat(ImageHeaderReader.read(tagged).iccProfile()).isEqualTo(TestImages.linearRgbProfile());
    }

    @Test
    void truncationIsNoticed() {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(200, 200, 1), 90);
        assertThat(ImageHeaderReader.read(TestImages.truncated(jpeg, 0.7)).complete()).isFalse();
        assertThatThrownBy(() -> ImageHeaderReader.read(TestImages.truncated(jpeg, 0.02)))
                .isInstanceOfSatisfying(MediaRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT));
    }
}

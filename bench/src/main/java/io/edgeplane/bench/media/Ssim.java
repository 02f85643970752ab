package io.edgeplane.bench.media;

/**
 * Mean structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004) of two 8-bit luma planes of the
 * same size: 11x11 Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03, L = 255, the window clipped at
 * the borders. 1.0 means identical.
 */
final class Ssim {
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);
    private static final double[] KERNEL = kernel(11, 1.5);

    private Ssim() {
    }

    static double mean(double[] x, double[] y, int width, int height) {
        if (x.length != width * height || y.length != width * height) {
            throw new IllegalArgumentException("planes of " + x.length + " and " + y.length + " values for " + width + "x" + height);
        }
        double[] xx = new double[x.length];
        double[] yy = new double[x.length];
        double[] xy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] mx = blur(x, width, height);
        double[] my = blur(y, width, height);
        double[] sxx = blur(xx, width, height);
        double[] syy = blur(yy, width, height);
        double[] sxy = blur(xy, width, height);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double vx = sxx[i] - mx[i] * mx[i];
            double vy = syy[i] - my[i] * my[i];
            double cov = sxy[i] - mx[i] * my[i];
            sum += ((2 * mx[i] * my[i] + C1) * (2 * cov + C2))
                    / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
        }
        return sum / x.length;
    }

    /** Separable Gaussian blur, weights renormalised where the window leaves the image. */
    private static double[] blur(double[] in, int w, int h) {
        return pass(pass(in, w, h, 1, w), w, h, w, h);
    }

    /** One 1-D pass along rows ({@code step} 1, {@code length} w) or columns ({@code step} w, {@code length} h). */
    private static double[] pass(double[] in, int w, int h, int step, int length) {
        int r = KERNEL.length / 2;
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            int position = step == 1 ? i % w : i / w;
            double s = 0;
            double n = 0;
            for (int k = -r; k <= r; k++) {
                int p = position + k;
                if (p >= 0 && p < length) {
                    s += KERNEL[k + r] * in[i + k * step];
                    n += KERNEL[k + r];
                }
            }
            out[i] = s / n;
        }
        return out;
    }

    private static double[] kernel(int size, double sigma) {
        double[] k = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double d = i - size / 2;
            k[i] = Math.exp(-d * d / (2 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < size; i++) {
            k[i] /= sum;
        }
        return k;
    }
}

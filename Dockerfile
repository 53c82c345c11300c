# Build: docker build -t laurel .
# Run:   docker run -p 127.0.0.1:8080:8080 -v laurel-data:/data laurel
# Without DATABASE_URL the SQLite file is created in /data (the volume).

# ---- builder --------------------------------------------------------------
FROM rust:1.95-bookworm AS builder
WORKDIR /build
COPY Cargo.toml Cargo.lock rust-toolchain.toml build.rs ./
COPY src ./src
COPY migrations ./migrations
COPY templates ./templates
COPY programme ./programme
COPY static ./static
RUN cargo build --release --locked \
 && cp target/release/laurel /usr/local/bin/laurel

# ---- runtime --------------------------------------------------------------
FROM debian:bookworm-slim
# libssl3: the bundled libpq links OpenSSL dynamically; SQLite is bundled.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system laurel \
 && useradd --system --gid laurel --home-dir /data --shell /usr/sbin/nologin laurel \
 && mkdir -p /data \
 && chown laurel:laurel /data
COPY --from=builder /usr/local/bin/laurel /usr/local/bin/laurel
USER laurel
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["laurel"]
CMD ["serve", "--bind", "0.0.0.0:8080"]

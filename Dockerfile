# Builds the docket binary with the Swift toolchain, then runs it on a slim Debian 12.
# Models are not baked in: mount them read-only at /opt/docket/models (see docker-compose.yml).
FROM swift:6.0-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpq-dev libxml2-dev libpoppler-glib-dev liblcms2-dev libcairo2-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources Sources
RUN swift build -c release --static-swift-stdlib --product docket

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpq5 libxml2 libpoppler-glib8 liblcms2-2 libcairo2 ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/.build/release/docket /opt/docket/bin/docket
COPY migrations /opt/docket/share/docket/migrations
COPY pipelines /opt/docket/share/docket/pipelines
COPY schemas /opt/docket/share/docket/schemas
COPY heads /opt/docket/share/docket/heads
ENV PATH=/opt/docket/bin:$PATH DOCKET_RESOURCES=/opt/docket/share/docket DOCKET_HOME=/var/lib/docket
RUN useradd --system --home /var/lib/docket --create-home docket
USER docket
ENTRYPOINT []

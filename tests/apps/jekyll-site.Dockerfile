# Jekyll site served by its own server in development mode.
FROM ruby:3.3-slim
RUN apt-get update && apt-get install -y --no-install-recommends build-essential git \
 && rm -rf /var/lib/apt/lists/*
RUN gem install bundler
WORKDIR /srv/jekyll
COPY Gemfile Gemfile.lock ./
RUN cd /srv/jekyll && bundle install
COPY . .
EXPOSE 4000
CMD ["bundle", "exec", "jekyll", "serve", "--host", "0.0.0.0"]

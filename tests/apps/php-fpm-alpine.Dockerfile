FROM php:8.2-fpm-alpine
RUN apk add --no-cache icu-dev && docker-php-ext-install intl opcache
COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
WORKDIR /var/www
COPY . .
RUN composer install --no-dev --optimize-autoloader
CMD ["php-fpm"]

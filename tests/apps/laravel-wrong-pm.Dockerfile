FROM php:7.4-fpm-alpine
RUN apt-get update && apt-get install -y libzip-dev zip && docker-php-ext-install zip
WORKDIR /var/www/html
COPY . .
CMD ["php-fpm"]

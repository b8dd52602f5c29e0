FROM alpine
RUN apt-get update && \

    apt-get install -y curl \
    
	
    && rm -rf /var/lib/apt/lists/*
RUN echo a \
 	 

# comment
    b

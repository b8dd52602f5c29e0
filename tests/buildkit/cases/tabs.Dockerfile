FROM	alpine
RUN	echo	hi	
	RUN echo tab indented
ENV	A=1	B=2
ENV	LEGACY	value	with	tabs
COPY	--chown=1:1	a	b
RUN echo a \	
	b

import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { DirectoryController } from './directory.controller';
import { PemdaDirectory } from './pemda-directory';

@Module({
  imports: [SessionsModule],
  controllers: [DirectoryController],
  providers: [PemdaDirectory],
  exports: [PemdaDirectory],
})
export class DirectoryModule {}

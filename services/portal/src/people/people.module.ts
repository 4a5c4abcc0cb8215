import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../sessions/sessions.module';
import { PeopleController } from './people.controller';
import { PeopleDirectory } from './people-directory';
import { Person } from './person.entity';

@Module({
  imports: [SessionsModule, TypeOrmModule.forFeature([Person])],
  controllers: [PeopleController],
  providers: [PeopleDirectory],
  exports: [PeopleDirectory],
})
export class PeopleModule {}
